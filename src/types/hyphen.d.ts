// hyphen ships no type declarations; these cover the part Galley uses.
declare module "hyphen/en-us/index.js" {
  const patterns: { hyphenateSync(text: string, options?: { minWordLength?: number; hyphenChar?: string }): string };
  export default patterns;
}
declare module "hyphen/en-gb/index.js" {
  const patterns: { hyphenateSync(text: string, options?: { minWordLength?: number; hyphenChar?: string }): string };
  export default patterns;
}
