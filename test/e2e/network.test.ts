/**
 * The browser never reaches the network: a whole build, with Chromium run
 * under strace, makes no DNS lookup, opens no TCP connection and sends no
 * packet to any address but the machine's own. Needs strace (CI installs
 * it); without it the test fails saying so.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildIssue } from "../../src/build.js";
import { findBrowser } from "../../src/render/index.js";

const fixture = path.resolve("test/fixtures/issues/small");

/** Whether an address (as strace prints it) is this machine's own. */
function isLocal(address: string): boolean {
  return /^(127\.|::1$|::ffff:127\.|0\.0\.0\.0$|::$)/.test(address);
}

/** What the traced browser did on the network that it should not have: one line per act. */
function outsideContacts(trace: string): string[] {
  const found: string[] = [];
  for (const line of trace.split("\n")) {
    if (/htons\(53\)|:53\]>/.test(line)) {
      found.push(`DNS: ${line}`);
      continue;
    }
    // connect(7<TCP:[1234]>, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("1.2.3.4")}, …)
    const connect = /connect\(\d+<(TCP|UDP)v?6?:[^>]*>, \{sa_family=AF_INET6?, sin6?_port=htons\((\d+)\)[^}]*?(?:inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)")/.exec(line);
    if (connect) {
      const [, protocol, , v4, v6] = connect;
      // A UDP connect sends nothing: Chromium uses one to find its route
      // for IPv6 (HostResolverManager's reachability probe). TCP connects do send.
      if (protocol === "TCP" && !isLocal((v4 ?? v6)!)) found.push(`connect: ${line}`);
      continue;
    }
    // sendto(9<UDP:[10.0.0.2:5353->8.8.8.8:53]>, …): data to a peer.
    const send = /^\d+\s+(?:sendto|sendmsg|sendmmsg|write|writev)\(\d+<(?:TCP|UDP)v?6?:\[[^\]]*->\[?([^\]]+?)\]?:\d+\]>/.exec(line);
    if (send && !isLocal(send[1]!)) found.push(`send: ${line}`);
  }
  return found;
}

describe("the browser and the network", () => {
  it("recognises a lookup, a connection and a packet to the outside in a trace", () => {
    expect(outsideContacts('12 connect(99<UDP:[1]>, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.0.0.53")}, 16) = 0')).toHaveLength(1);
    expect(outsideContacts('12 connect(7<TCP:[2]>, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("142.250.1.1")}, 16) = -1')).toHaveLength(1);
    expect(outsideContacts('12 sendto(9<UDP:[10.0.0.2:5353->142.250.1.1:443]>, "x", 1, 0, NULL, 0) = 1')).toHaveLength(1);
    expect(outsideContacts('12 connect(7<TCP:[2]>, {sa_family=AF_INET, sin_port=htons(9222), sin_addr=inet_addr("127.0.0.1")}, 16) = 0')).toEqual([]);
  });

  it("makes no DNS lookup and no connection outside the machine during a build", async () => {
    const strace = spawnSync("strace", ["-V"]);
    if (strace.error) throw new Error("strace is needed for this test (apt-get install -y strace)");
    const browser = findBrowser();
    if (!browser) throw new Error("no browser");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "galley-strace-"));
    const wrapper = path.join(dir, "chromium");
    // Every process the browser starts, each call decoded with its socket's addresses.
    fs.writeFileSync(
      wrapper,
      `#!/bin/sh\nexec strace -f -qq -yy -s 64 -e trace=connect,sendto,sendmsg,sendmmsg,write,writev -o "${dir}/trace.$$" ${JSON.stringify(browser)} "$@"\n`,
      { mode: 0o755 },
    );
    const saved = process.env.CHROME_PATH;
    process.env.CHROME_PATH = wrapper;
    try {
      const result = await buildIssue({ issueDir: fixture, outDir: path.join(dir, "out"), cache: false, log: () => undefined });
      expect(result.report.verification.passed).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.CHROME_PATH;
      else process.env.CHROME_PATH = saved;
    }
    const traces = fs.readdirSync(dir).filter((f) => f.startsWith("trace."));
    const trace = traces.map((f) => fs.readFileSync(path.join(dir, f), "latin1")).join("\n");
    // The trace saw the browser's own sockets (the pipe and its processes' channels).
    expect(trace).toMatch(/UNIX/);
    expect(outsideContacts(trace)).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
