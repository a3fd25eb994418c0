// Just enough of Deno's and Cloudflare's own types for `tsc` to check the examples in this folder
// against the library's types; each runtime brings its real types.
declare const Deno: { args: string[]; exit(code?: number): never };

declare module 'cloudflare:workers' {
  export const env: Record<string, string | undefined>;
}
