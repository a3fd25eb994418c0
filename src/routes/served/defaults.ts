/**
 * What a served model says when the upstream did not say it. Fixed values, so two requests (or two
 * instances behind a load balancer) always serve the same bytes for the same list; an unknown
 * display name is the id itself.
 */
export const SERVED_DEFAULTS = {
  /** Anthropic's own convention for an unknown release date: the Unix epoch. */
  createdAt: '1970-01-01T00:00:00Z',
  /** The same instant as `createdAt`, in the OpenAI shape's Unix seconds. */
  created: 0,
  /** The OpenAI shape's `owned_by` when the upstream named no owner; overridable with `ownedBy`. */
  ownedBy: 'system',
} as const;
