/**
 * The API builds plain-path links into the web app (`{web}/sign/{token}`, PayPal's return to
 * `{web}/billing/paypal/return`, its cancel to `{web}/signup/payment`, the return from a change
 * of card to `{web}/billing/payment-method/return`), while the app routes on the hash. This
 * turns such an address into its hash route, keeping the query (PayPal's token).
 */
const BRIDGED = [
  /^\/sign\/[^/]+$/,
  /^\/billing\/paypal\/return$/,
  /^\/signup\/payment$/,
  /^\/billing\/payment-method\/return$/,
];

export function hashRouteFor(location: { pathname: string; search: string; hash: string }): string | null {
  if (location.hash && location.hash !== "#" && location.hash !== "#/") return null;
  const path = location.pathname.replace(/\/+$/, "");
  if (!BRIDGED.some((pattern) => pattern.test(path))) return null;
  return `/#${path}${location.search}`;
}
