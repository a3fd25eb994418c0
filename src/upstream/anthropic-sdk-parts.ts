// The part of the Anthropic SDK that sending the `anthropic` dialect's requests uses, imported by
// name from the SDK's own subpath and loaded on first use (see anthropic-sdk.ts). By name, so that
// a bundler keeps only this: the package's main entry builds a client with every resource of the
// API (messages, batches, beta tools, files, skills...), about 1 MiB of a Cloudflare Worker that
// lists models and never runs them. `BaseAnthropic` is that client without the resources.
export { BaseAnthropic } from '@anthropic-ai/sdk/client';
