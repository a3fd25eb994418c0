// deno add npm:model-discovery && deno run --allow-net deno.ts http://localhost:4000
import { ModelDiscovery } from 'model-discovery';

// Everything in code and `env: {}`: no environment read, so --allow-net is the only permission.
const discovery = new ModelDiscovery({ baseURL: Deno.args[0], env: {} });

const { models, error } = await discovery.getModels();
if (error) {
  console.error(`${error.code}: ${error.message}`);
  Deno.exit(1);
}
for (const model of models) console.log(model.id);
