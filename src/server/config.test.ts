import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError, loadConfig } from "./config.ts";

test("defaults: port 3000, embedded database in ./data, demo on, secure cookies only over https", () => {
  const c = loadConfig({}, "/srv/remodel");
  assert.equal(c.port, 3000);
  assert.equal(c.dataDir, "/srv/remodel/data");
  assert.equal(c.databaseUrl, undefined);
  assert.equal(c.demo, true);
  assert.equal(c.secureCookies, false);
  assert.equal(loadConfig({ PUBLIC_URL: "https://clinic.example" }).secureCookies, true);
});

test("settings are read from the environment", () => {
  const c = loadConfig({
    PORT: "8080",
    REMODEL_DATA_DIR: "/var/lib/remodel",
    REMODEL_DEMO: "0",
    DATABASE_URL: "postgres://u@db/remodel",
  });
  assert.deepEqual(
    [c.port, c.dataDir, c.demo, c.databaseUrl],
    [8080, "/var/lib/remodel", false, "postgres://u@db/remodel"],
  );
});

for (const [name, value] of [
  ["PORT", "eighty"],
  ["PORT", "70000"],
  ["DATABASE_URL", "mysql://localhost/x"],
  ["REMODEL_DEMO", "maybe"],
  ["PUBLIC_URL", "not a url"],
  ["SESSION_IDLE_MINUTES", "0"],
  ["TRUST_PROXY", "true"],
  ["TRUST_PROXY", "10.0.0.0/33"],
  ["TRUST_PROXY", "10.0.0.1, proxy.example.com"],
] as const) {
  test(`a wrong ${name} (${value}) stops the start with its name`, () => {
    assert.throws(
      () => loadConfig({ [name]: value }),
      (err: unknown) =>
        err instanceof ConfigError && err.message.includes(name) && err.message.includes(value),
    );
  });
}

test("TRUST_PROXY: none by default, a hop count, or addresses and ranges", () => {
  assert.equal(loadConfig({}).trustProxy, false);
  assert.equal(loadConfig({ TRUST_PROXY: "0" }).trustProxy, false);
  assert.equal(loadConfig({ TRUST_PROXY: "2" }).trustProxy, 2);
  assert.deepEqual(loadConfig({ TRUST_PROXY: "10.0.0.0/8, 192.168.1.5,loopback, fd00::/8" }).trustProxy, [
    "10.0.0.0/8",
    "192.168.1.5",
    "loopback",
    "fd00::/8",
  ]);
});
