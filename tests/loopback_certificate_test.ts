import assert from "node:assert/strict";
import { makeLoopbackCertificate } from "../tasks/loopback_certificate.ts";

const hasOpenssl = await new Deno.Command("openssl", { args: ["version"], stdout: "null", stderr: "null" })
  .output().then((o) => o.success, () => false);

Deno.test("loopback certificate: a missing openssl binary is a skip with a clear line, not a failure", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const r = await makeLoopbackCertificate(dir, "openssl-not-installed-here");
    assert.deepEqual(r, { skipped: "skipped: openssl-not-installed-here not found" });
    assert.ok(!(await Deno.stat(`${dir}/key.pem`).then(() => true, () => false)), "no key written");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("loopback certificate: openssl failing (not missing) throws with its message", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // `false` runs and exits 1: a broken openssl must not pass for a skipped phase.
    await assert.rejects(makeLoopbackCertificate(dir, "false"), /false req failed/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name: "loopback certificate: a TLS server with it is trusted through its CA, and fetch negotiates HTTP/2",
  ignore: !hasOpenssl,
  async fn() {
    const dir = await Deno.makeTempDir();
    const remotes = new Set<string>();
    try {
      const r = await makeLoopbackCertificate(dir);
      assert.ok(!("skipped" in r));
      assert.ok(!(await Deno.stat(`${dir}/ca.key`).then(() => true, () => false)), "the CA key is removed");
      const server = Deno.serve({
        hostname: "127.0.0.1",
        port: 0,
        cert: await Deno.readTextFile(r.certFile),
        key: await Deno.readTextFile(r.keyFile),
        onListen() {},
      }, async (_req, info) => {
        remotes.add(`${info.remoteAddr.port}`);
        await new Promise((done) => setTimeout(done, 100)); // keep the requests in flight together
        return new Response("ok");
      });
      const client = Deno.createHttpClient({ caCerts: [await Deno.readTextFile(r.caFile)] });
      try {
        const url = `https://127.0.0.1:${server.addr.port}/`;
        const init: RequestInit & { client: Deno.HttpClient } = { client };
        const bodies = await Promise.all(
          Array.from({ length: 8 }, () => fetch(url, init).then((res) => res.text())),
        );
        assert.deepEqual(bodies, Array(8).fill("ok"));
        assert.equal(remotes.size, 1, "8 concurrent requests on one connection: HTTP/2");
        await assert.rejects(fetch(url), "without the CA the certificate is not trusted");
      } finally {
        client.close();
        await server.shutdown();
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
