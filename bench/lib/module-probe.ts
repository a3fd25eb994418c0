/**
 * Arguments for a child `node` that reports whether a package was loaded at import time and after
 * a first discovery. Both builds load the SDK with a dynamic `import()`, so both are watched with
 * a resolve hook (`module.register`) that posts every URL it resolves; the CommonJS probe also
 * looks in `require.cache`, in case a build ever `require()`s it. Prints
 * `{ atImport, afterFirstDiscovery }`.
 */
export function moduleProbe(format: 'esm' | 'cjs', pattern: string): string[] {
  const hooks = `
    let port;
    export function initialize(data) { port = data.port; }
    export async function resolve(specifier, context, next) {
      const resolved = await next(specifier, context);
      port.postMessage(resolved.url);
      return resolved;
    }`;
  const body = `
    const { port1, port2 } = new MessageChannel();
    register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hooks)}), { data: { port: port2 }, transferList: [port2] });
    const urls = [];
    const loaded = () => {
      for (let message; (message = receiveMessageOnPort(port1)); ) urls.push(message.message);
      if (typeof require === 'function') urls.push(...Object.keys(require.cache));
      return urls.some((url) => url.includes(${JSON.stringify(pattern)}));
    };
    const m = ${format === 'esm' ? "await import('model-discovery')" : "require('model-discovery')"};
    const atImport = loaded();
    const page = JSON.stringify({ data: [{ id: 'probe-model' }] });
    const fetch = async () => new Response(page, { headers: { 'content-type': 'application/json' } });
    const snapshot = await new m.ModelDiscovery({ baseURL: 'http://gateway.bench', fetch }).getModels();
    if (snapshot.models.length !== 1) throw new Error('the probe discovery failed');
    console.log(JSON.stringify({ atImport, afterFirstDiscovery: loaded() }));
    port1.close();`;
  if (format === 'esm') {
    return [
      '--input-type=module',
      '-e',
      `import { register } from 'node:module'; import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads'; ${body}`,
    ];
  }
  return [
    '-e',
    `const { register } = require('node:module'); const { MessageChannel, receiveMessageOnPort } = require('node:worker_threads');
    (async () => { ${body} })().catch((error) => { console.error(error); process.exit(1); });`,
  ];
}
