/** Policies for transport tests, built from the embedded default. */
import type { Policy } from '../../scorer/src/engine/policy';
import { PolicySet } from '../../policy/store/policy-set';
import { defaultPolicy } from '.';

/** The default policy, but injection phrases in responses are masked (not only logged). */
export const maskInjectionInResponses: Policy = {
  ...defaultPolicy,
  id: 'mask-injection-out',
  response: {
    ...defaultPolicy.response,
    categories: { ...defaultPolicy.response.categories, prompt_injection: { action: 'mask', threshold: 0.5 } },
  },
};

/** A set where tenant `strict` blocks everything above 0.3 in requests, and tenant `relaxed` only logs. */
export function scopedPolicySet(): PolicySet {
  const strict: Policy = { ...maskInjectionInResponses, id: 'strict', scope: { tenant: 'strict' } };
  const relaxed: Policy = {
    ...maskInjectionInResponses,
    id: 'relaxed',
    scope: { tenant: 'relaxed' },
    request: { default: { action: 'log', threshold: 0.5 }, categories: {} },
  };
  const chatRoute: Policy = { ...relaxed, id: 'relaxed-route', scope: { route: 'relaxed-route' } };
  return new PolicySet([maskInjectionInResponses, strict, relaxed, chatRoute], { kind: 'embedded' });
}
