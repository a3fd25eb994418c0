/**
 * The synchronous warm read (see ModelDiscovery[WARM_READ]), for the routes' fast path. In a file
 * of its own so that the routes (and the edge adapters) import a symbol, not the whole discovery.
 * Registered (`Symbol.for`): each CommonJS subpath bundle has its own copy of this module, and an
 * adapter from one must find the method on a discovery from another.
 */
export const WARM_READ: unique symbol = Symbol.for('model-discovery.warmRead');
