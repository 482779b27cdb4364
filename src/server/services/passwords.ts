import { hash, verify } from "@node-rs/argon2";

// argon2id (the library's default) with OWASP's recommended minimum cost: 19 MiB, 2 passes.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** The argon2 calls, in one object so that tests can count them (a sign-in must always run one). */
export const argon2 = {
  hash: (password: string): Promise<string> => hash(password, OPTIONS),
  verify: (passwordHash: string, password: string): Promise<boolean> => verify(passwordHash, password),
};

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Checked when no account matches, so a wrong e-mail costs as long as a wrong password. Made once,
// ahead of the first sign-in (primeDecoy), so that first unknown e-mail does not cost a hash more.
let decoy: Promise<string> | undefined;
export function primeDecoy(): Promise<string> {
  decoy ??= hashPassword("remodel-decoy-password");
  return decoy;
}
export async function burnVerification(password: string): Promise<void> {
  await verifyPassword(await primeDecoy(), password);
}
