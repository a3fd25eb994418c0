import { afterAll, afterEach, beforeAll } from 'vitest';

import { upstream } from '../support/upstream.js';

// Every request a unit test does not expect is an error, so a wrong URL cannot pass silently.
beforeAll(() => upstream.listen({ onUnhandledRequest: 'error' }));
afterEach(() => upstream.resetHandlers());
afterAll(() => upstream.close());
