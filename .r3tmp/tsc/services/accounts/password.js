import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from "node:crypto";
import { processHashConcurrency } from "../../util/thread-pool.js";
import { HashQueue } from "./hash-queue.js";
const KEY_LENGTH = 32;
/** Hashes that may wait for a slot (each waits as a small closure: a password and a hash string). */
export const MAX_WAITING_HASHES = 10_000;
let queue = null;
/**
 * The process's password hashing queue: every hash and verification below runs through it, at
 * most one per core at once (see hash-queue.ts and util/thread-pool.ts). Made on first use.
 */
export function passwordHashQueue() {
    queue ??= new HashQueue({ concurrency: processHashConcurrency(), maxWaiting: MAX_WAITING_HASHES });
    return queue;
}
/** Replaces the process's queue (tests, benchmarks); the old one finishes what it holds. */
export function setPasswordHashQueue(replacement) {
    queue = replacement;
}
function scrypt(password, salt, params, signal) {
    const options = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 16 * 1024 * 1024 };
    return passwordHashQueue().run(() => new Promise((resolve, reject) => scryptCallback(password, salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key)))), signal ? { signal } : {});
}
/**
 * Hashes a password with scrypt on libuv's thread pool (off the event loop), through the hashing
 * queue. Format: `scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>`, so parameters can change later.
 * Rejects with HashQueueFullError when the queue is full, and with the signal's reason when
 * `signal` aborts while the hash still waits.
 */
export async function hashPassword(password, params, signal) {
    const salt = randomBytes(16);
    const key = await scrypt(password, salt, params, signal);
    return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString("base64")}$${key.toString("base64")}`;
}
/** Checks a password against a stored hash, through the hashing queue (rejections as {@link hashPassword}). */
export async function verifyPassword(password, stored, current, signal) {
    const parts = stored.split("$");
    if (parts.length !== 6 || parts[0] !== "scrypt")
        return { valid: false, needsRehash: false };
    const [, n, r, p, saltText, hashText] = parts;
    const params = { N: Number(n), r: Number(r), p: Number(p) };
    if (![params.N, params.r, params.p].every((v) => Number.isSafeInteger(v) && v > 0))
        return { valid: false, needsRehash: false };
    const expected = Buffer.from(hashText, "base64");
    const key = await scrypt(password, Buffer.from(saltText, "base64"), params, signal);
    const valid = expected.length === key.length && timingSafeEqual(expected, key);
    const needsRehash = valid && (params.N !== current.N || params.r !== current.r || params.p !== current.p);
    return { valid, needsRehash };
}
/** A password services generate and mail: 16 characters without look-alikes (about 90 bits). */
export function generatePassword(length = 16) {
    const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    const bytes = randomBytes(length * 2);
    let out = "";
    for (let i = 0; out.length < length && i < bytes.length; i++) {
        const b = bytes[i];
        if (b < 256 - (256 % alphabet.length))
            out += alphabet[b % alphabet.length];
    }
    return out.length === length ? out : generatePassword(length);
}
/** A single-use code: 20 base32 characters = 100 bits. */
export function generateCode() {
    const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    const bytes = randomBytes(20);
    let out = "";
    for (const b of bytes)
        out += alphabet[b & 31];
    return out;
}
//# sourceMappingURL=password.js.map