/**
 * A throwaway TLS certificate for 127.0.0.1 and localhost, made at run time with the `openssl` binary, so
 * the load tool can serve its fake model upstream over HTTPS (and HTTP/2). A private CA signs a leaf
 * certificate; the server under test trusts the CA through Deno's `DENO_CERT`. The files live in a
 * temporary directory the caller removes; no key is ever written into the repository.
 */

/** PEM files of a loopback certificate. */
export interface LoopbackCertificate {
  /** The CA's certificate: what a client adds to its roots (`DENO_CERT=<caFile>`). */
  caFile: string;
  /** The server's certificate (signed by the CA; SAN IP:127.0.0.1, DNS:localhost). */
  certFile: string;
  /** The server's private key. */
  keyFile: string;
}

const CONFIG = `[req]
distinguished_name = dn
prompt = no
[dn]
CN = localhost
[ca_ext]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign
[leaf_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:localhost
`;

/**
 * Writes a CA and a loopback server certificate (EC P-256, valid one day) into `dir` with `openssl`
 * (the binary's name or path). Resolves `{ skipped }` with a one-line reason when the binary is not
 * found; throws when openssl runs but fails.
 */
export async function makeLoopbackCertificate(
  dir: string,
  openssl = "openssl",
): Promise<LoopbackCertificate | { skipped: string }> {
  const config = `${dir}/openssl.cnf`;
  await Deno.writeTextFile(config, CONFIG);
  const files = { caFile: `${dir}/ca.pem`, certFile: `${dir}/cert.pem`, keyFile: `${dir}/key.pem` };
  const common = [
    "req",
    "-x509",
    "-config",
    config,
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
  ];
  const steps = [
    [...common, "-extensions", "ca_ext", "-nodes", "-days", "1", "-subj", "/CN=VibeToProd load test CA"]
      .concat(["-keyout", `${dir}/ca.key`, "-out", files.caFile]),
    [...common, "-extensions", "leaf_ext", "-nodes", "-days", "1", "-CA", files.caFile]
      .concat(["-CAkey", `${dir}/ca.key`, "-keyout", files.keyFile, "-out", files.certFile]),
  ];
  for (const args of steps) {
    let out: Deno.CommandOutput;
    try {
      out = await new Deno.Command(openssl, { args, stdout: "null", stderr: "piped" }).output();
    } catch (err) {
      if (err instanceof Deno.errors.NotFound) return { skipped: `skipped: ${openssl} not found` };
      throw err;
    }
    if (!out.success) {
      throw new Error(`${openssl} ${args[0]} failed: ${new TextDecoder().decode(out.stderr).trim()}`);
    }
  }
  await Deno.remove(`${dir}/ca.key`);
  return files;
}
