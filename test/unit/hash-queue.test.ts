import { afterEach, describe, expect, it } from "vitest";
import { HashQueue, HashQueueFullError } from "../../src/services/accounts/hash-queue.js";
import { hashPassword, passwordHashQueue, setPasswordHashQueue, verifyPassword } from "../../src/services/accounts/password.js";
import { hashConcurrencyFor, poolSizeFrom, sizeThreadPool, SPARE_THREADS } from "../../src/util/thread-pool.js";
import { makeWorld } from "./accounts-fixture.js";
import { readFileSync } from "node:fs";
import { verifyStoredPassword } from "../../src/services/accounts/stored-password.js";

/** A job that runs until the test settles it; records its start. */
function controlled(started: string[], name: string) {
  let settle!: { resolve: (v: string) => void; reject: (e: Error) => void };
  const job = () => {
    started.push(name);
    return new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  };
  return { job, finish: () => settle.resolve(name), fail: (e: Error) => settle.reject(e) };
}

/** Lets promise callbacks (the queue starting the next job) run. */
const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("password hashing queue", () => {
  it("runs at most `concurrency` jobs at once and starts the others in submission order", async () => {
    const queue = new HashQueue({ concurrency: 2, maxWaiting: 10 });
    const started: string[] = [];
    const jobs = ["a", "b", "c", "d", "e"].map((n) => controlled(started, n));
    const results = jobs.map((j) => queue.run(j.job));
    expect(started).toEqual(["a", "b"]);
    expect(queue.stats()).toMatchObject({ running: 2, waiting: 3 });
    jobs[1]!.finish();
    await settled();
    expect(started).toEqual(["a", "b", "c"]);
    jobs[0]!.finish();
    jobs[2]!.finish();
    await settled();
    expect(started).toEqual(["a", "b", "c", "d", "e"]);
    expect(queue.stats()).toMatchObject({ running: 2, waiting: 0 });
    jobs[3]!.finish();
    jobs[4]!.finish();
    expect(await Promise.all(results)).toEqual(["a", "b", "c", "d", "e"]);
    expect(queue.stats()).toMatchObject({ running: 0, waiting: 0, completed: 5 });
  });

  it("refuses work past maxWaiting instead of growing", async () => {
    const queue = new HashQueue({ concurrency: 1, maxWaiting: 2 });
    const started: string[] = [];
    const jobs = ["a", "b", "c"].map((n) => controlled(started, n));
    const accepted = jobs.map((j) => queue.run(j.job));
    const refused = queue.run(async () => "never");
    await expect(refused).rejects.toBeInstanceOf(HashQueueFullError);
    await expect(refused).rejects.toMatchObject({ waiting: 2 });
    expect(queue.stats()).toMatchObject({ running: 1, waiting: 2, refused: 1 });
    for (const j of jobs) {
      j.finish();
      await settled();
    }
    expect(await Promise.all(accepted)).toEqual(["a", "b", "c"]);
    // Room again once the waiting jobs started.
    expect(await queue.run(async () => "later")).toBe("later");
  });

  it("frees the slot of a job that fails or throws", async () => {
    const queue = new HashQueue({ concurrency: 1, maxWaiting: 5 });
    const started: string[] = [];
    const failing = controlled(started, "failing");
    const first = queue.run(failing.job);
    const throwing = queue.run(() => {
      throw new Error("thrown synchronously");
    });
    const after = controlled(started, "after");
    const third = queue.run(after.job);
    failing.fail(new Error("scrypt failed"));
    await expect(first).rejects.toThrow("scrypt failed");
    await expect(throwing).rejects.toThrow("thrown synchronously");
    await settled();
    expect(started).toEqual(["failing", "after"]);
    after.finish();
    expect(await third).toBe("after");
    expect(queue.stats()).toMatchObject({ running: 0, waiting: 0, completed: 3 });
  });

  it("withdraws a waiting job whose signal aborts, and never starts it", async () => {
    const queue = new HashQueue({ concurrency: 1, maxWaiting: 5 });
    const started: string[] = [];
    const running = controlled(started, "running");
    const waiting = controlled(started, "waiting");
    const next = controlled(started, "next");
    const controller = new AbortController();
    const r1 = queue.run(running.job, { signal: controller.signal });
    const r2 = queue.run(waiting.job, { signal: controller.signal });
    const r3 = queue.run(next.job);
    expect(queue.waiting).toBe(2);
    controller.abort(new Error("client left"));
    await expect(r2).rejects.toThrow("client left");
    expect(queue.waiting).toBe(1);
    // The job that had started runs to its end.
    running.finish();
    expect(await r1).toBe("running");
    await settled();
    expect(started).toEqual(["running", "next"]);
    next.finish();
    expect(await r3).toBe("next");
    await expect(queue.run(async () => "x", { signal: controller.signal })).rejects.toThrow("client left");
  });

  it("keeps its order and counts across many withdrawn jobs", async () => {
    const queue = new HashQueue({ concurrency: 1, maxWaiting: 5000 });
    const started: string[] = [];
    const blocker = controlled(started, "blocker");
    const first = queue.run(blocker.job);
    const kept: Array<Promise<string>> = [];
    for (let i = 0; i < 3000; i++) {
      const controller = new AbortController();
      const p = queue.run(async () => `job ${i}`, { signal: controller.signal });
      if (i % 3 === 0) kept.push(p);
      else {
        controller.abort(new Error("gone"));
        await expect(p).rejects.toThrow("gone");
      }
    }
    expect(queue.waiting).toBe(1000);
    blocker.finish();
    await first;
    const done = await Promise.all(kept);
    expect(done).toEqual(Array.from({ length: 1000 }, (_, k) => `job ${k * 3}`));
    expect(queue.stats()).toMatchObject({ running: 0, waiting: 0, completed: 1001 });
  });
});

describe("password hashing through the queue", () => {
  const original = passwordHashQueue();
  afterEach(() => setPasswordHashQueue(original));

  it("runs real scrypt verifications at most two at once and answers each correctly", async () => {
    const queue = new HashQueue({ concurrency: 2, maxWaiting: 100 });
    setPasswordHashQueue(queue);
    const params = { N: 1024, r: 8, p: 1 };
    const stored = await hashPassword("right password", params);
    const checks = Array.from({ length: 6 }, (_, i) => verifyPassword(i % 2 ? "right password" : "wrong password", stored, params));
    expect(queue.stats()).toMatchObject({ running: 2, waiting: 4 });
    const results = await Promise.all(checks);
    expect(results.map((r) => r.valid)).toEqual([false, true, false, true, false, true]);
    expect(queue.stats()).toMatchObject({ running: 0, waiting: 0, completed: 7 });
  });

  it("refuses a hash when the queue is full", async () => {
    setPasswordHashQueue(new HashQueue({ concurrency: 1, maxWaiting: 0 }));
    const params = { N: 1024, r: 8, p: 1 };
    const first = hashPassword("one", params);
    await expect(hashPassword("two", params)).rejects.toBeInstanceOf(HashQueueFullError);
    expect(await first).toMatch(/^scrypt\$1024\$8\$1\$/);
  });
});

describe("callers of a full queue", () => {
  const original = passwordHashQueue();
  afterEach(() => setPasswordHashQueue(original));

  it("RESETPASS keeps its code usable when the new password could not be hashed", async () => {
    const w = makeWorld();
    try {
      const user = await w.registered("Queued");
      w.accounts.logout(user.uid);
      const other = w.network.add("Anon");
      expect(w.accounts.requestPasswordReset("Queued", { uid: other.uid, nick: other.nick }).ok).toBe(true);
      const code = String(w.mail.last("password_reset").data.code);
      const full = new HashQueue({ concurrency: 1, maxWaiting: 0 });
      let release!: () => void;
      const holding = full.run(() => new Promise<void>((resolve) => (release = resolve)));
      setPasswordHashQueue(full);
      await expect(w.accounts.completePasswordReset("Queued", code, "brand new pass", { uid: other.uid, nick: other.nick })).rejects.toBeInstanceOf(
        HashQueueFullError,
      );
      release();
      await holding;
      setPasswordHashQueue(original);
      const done = await w.accounts.completePasswordReset("Queued", code, "brand new pass", { uid: other.uid, nick: other.nick });
      expect(done.ok).toBe(true);
    } finally {
      w.close();
    }
  });

  it("IDENTIFY with the right password logs in when the rehash after the check finds the queue full", async () => {
    const w = makeWorld();
    try {
      const user = await w.registered("Rehasher");
      w.accounts.logout(user.uid);
      const before = w.store.byName("Rehasher")!.passwordHash;
      w.config.security.scrypt_n = 2048;
      /** Refuses the second job it is given (the rehash), as a full queue would. */
      class RefusingSecond extends HashQueue {
        private jobs = 0;
        override run<T>(job: () => Promise<T>, options: { signal?: AbortSignal } = {}): Promise<T> {
          return ++this.jobs === 2 ? Promise.reject(new HashQueueFullError(0)) : super.run(job, options);
        }
      }
      setPasswordHashQueue(new RefusingSecond({ concurrency: 1, maxWaiting: 0 }));
      expect((await w.accounts.identify(w.actor(user), null, "correct horse")).ok).toBe(true);
      expect(w.store.byName("Rehasher")!.passwordHash).toBe(before);
      // The next login rehashes.
      setPasswordHashQueue(original);
      w.accounts.logout(user.uid);
      expect((await w.accounts.identify(w.actor(user), null, "correct horse")).ok).toBe(true);
      expect(w.store.byName("Rehasher")!.passwordHash.startsWith("scrypt$2048$")).toBe(true);
    } finally {
      w.close();
    }
  });
});

describe("imported (Atheme) password hashes", () => {
  const original = passwordHashQueue();
  afterEach(() => setPasswordHashQueue(original));

  it("are checked through the same queue: one waits for a slot like a scrypt hash", async () => {
    const fixture = new URL("../fixtures/atheme/", import.meta.url);
    const passwords = JSON.parse(readFileSync(new URL("passwords.json", fixture), "utf8")) as Record<string, string>;
    const alice = readFileSync(new URL("mixed.db", fixture), "utf8")
      .split("\n")
      .find((l) => l.startsWith("MU ") && l.split(" ")[2] === "Alice")!
      .split(" ")[3] as string;
    const queue = new HashQueue({ concurrency: 1, maxWaiting: 1 });
    setPasswordHashQueue(queue);
    let release!: () => void;
    const holding = queue.run(() => new Promise<void>((resolve) => (release = resolve)));
    const check = verifyStoredPassword(passwords.Alice as string, alice, { N: 1024, r: 8, p: 1 });
    expect(queue.stats()).toMatchObject({ running: 1, waiting: 1 });
    release();
    await holding;
    expect(await check).toEqual({ valid: true, needsRehash: true, legacy: "pbkdf2v2" });
  });
});

describe("thread pool sizing", () => {
  it("gives hashing one thread per core and keeps spare threads for mail and files", () => {
    const env: NodeJS.ProcessEnv = {};
    expect(sizeThreadPool(env, 2)).toBe(2 + SPARE_THREADS);
    expect(env.UV_THREADPOOL_SIZE).toBe(String(2 + SPARE_THREADS));
    expect(hashConcurrencyFor(poolSizeFrom(env.UV_THREADPOOL_SIZE), 2)).toBe(2);
    expect(hashConcurrencyFor(poolSizeFrom(String(16 + SPARE_THREADS)), 16)).toBe(16);
  });

  it("keeps an operator's UV_THREADPOOL_SIZE and never lets hashing take all of a small pool", () => {
    const env: NodeJS.ProcessEnv = { UV_THREADPOOL_SIZE: "3" };
    expect(sizeThreadPool(env, 8)).toBe(3);
    expect(env.UV_THREADPOOL_SIZE).toBe("3");
    expect(hashConcurrencyFor(3, 8)).toBe(1);
    expect(hashConcurrencyFor(poolSizeFrom(undefined), 8)).toBe(2);
    expect(poolSizeFrom("nonsense")).toBe(4);
    expect(poolSizeFrom("5000")).toBe(1024);
  });
});
