/** Where the preview listens unless told otherwise: this machine only, on a fixed port. */
export const DEFAULT_PORT = 4710;
export const DEFAULT_HOST = "127.0.0.1";
