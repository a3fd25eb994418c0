import { startDeno } from './support/runtimes.js';
import { runtimeSuite } from './support/suite.js';

// With only --allow-net (see startDeno): any environment read would fail the program.
runtimeSuite('Deno (--allow-net only)', startDeno, { refusesEnvironment: true });
