import { startBun } from './support/runtimes.js';
import { runtimeSuite } from './support/suite.js';

runtimeSuite('Bun', startBun);
