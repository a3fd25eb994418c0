/**
 * The one one-way fingerprint of anything that holds a credential: SHA-256 in hex, through Web
 * Crypto (every supported runtime has it). Store keys and tenant ids in log lines are built from
 * it, so neither ever holds a credential.
 */
export async function fingerprint(material: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(material));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
