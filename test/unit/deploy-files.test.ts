import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";

// The deployment examples in docs/deploy are checked statically: the manifests parse with the
// expected kinds, wired to each other; the Dockerfile starts from a pinned official Node image and
// installs the runtime version this package pins.

const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), "utf8");
const pkg = JSON.parse(read("package.json")) as { dependencies: Record<string, string>; engines: { node: string } };
const runtimeVersion = pkg.dependencies["@openai/codex"]!;

type Manifest = { apiVersion: string; kind: string; metadata: { name: string }; spec: Record<string, any> };

describe("docs/deploy/app-server.yaml", () => {
  const documents = parseAllDocuments(read("docs/deploy/app-server.yaml"));
  const manifests = documents.map((document) => {
    expect(document.errors).toEqual([]);
    return document.toJS() as Manifest;
  });
  const byKind = (kind: string) => manifests.find((manifest) => manifest.kind === kind)!;

  it("parses as YAML with one claim, one single-replica deployment and one service", () => {
    expect(manifests.map((m) => `${m.apiVersion} ${m.kind}`)).toEqual(["v1 PersistentVolumeClaim", "apps/v1 Deployment", "v1 Service"]);
    expect(byKind("Deployment").spec.replicas).toBe(1);
    expect(byKind("Deployment").spec.strategy.type).toBe("Recreate");
  });

  it("wires the service to the pods, the probes to the server's health endpoints and the claim to CODEX_HOME", () => {
    const deployment = byKind("Deployment");
    const pod = deployment.spec.template;
    const container = pod.spec.containers[0];
    expect(byKind("Service").spec.selector).toEqual(pod.metadata.labels);
    expect(deployment.spec.selector.matchLabels).toEqual(pod.metadata.labels);
    expect(container.ports.map((p: { name: string }) => p.name)).toContain(byKind("Service").spec.ports[0].targetPort);
    expect(container.readinessProbe.httpGet.path).toBe("/readyz");
    expect(container.livenessProbe.httpGet.path).toBe("/healthz");
    expect(container.image).toBe(`codex-app-server:${runtimeVersion}`);
    expect(container.args).toEqual(expect.arrayContaining(["--ws-auth", "capability-token", "--ws-token-file"]));
    const claim = pod.spec.volumes.find((v: { persistentVolumeClaim?: unknown }) => v.persistentVolumeClaim);
    expect(claim.persistentVolumeClaim.claimName).toBe(byKind("PersistentVolumeClaim").metadata.name);
    const home = container.env.find((e: { name: string }) => e.name === "CODEX_HOME").value;
    expect(container.volumeMounts.find((m: { name: string }) => m.name === claim.name).mountPath).toBe(home);
  });
});

describe("docs/deploy/pool.yaml", () => {
  const documents = parseAllDocuments(read("docs/deploy/pool.yaml"));
  const manifests = documents.map((document) => {
    expect(document.errors).toEqual([]);
    return document.toJS() as Manifest;
  });
  const byKind = (kind: string) => manifests.find((manifest) => manifest.kind === kind)!;

  it("parses as YAML with a headless service, a stateful set of members and a disruption budget", () => {
    expect(manifests.map((m) => `${m.apiVersion} ${m.kind}`)).toEqual(["v1 Service", "apps/v1 StatefulSet", "policy/v1 PodDisruptionBudget"]);
    const service = byKind("Service");
    expect(service.spec.clusterIP).toBe("None");
    expect(service.spec.publishNotReadyAddresses).toBe(true);
    expect(byKind("StatefulSet").spec.serviceName).toBe(service.metadata.name);
    expect(byKind("StatefulSet").spec.replicas).toBeGreaterThan(1);
    expect(byKind("PodDisruptionBudget").spec.maxUnavailable).toBe(1);
  });

  it("gives every member its own claim for CODEX_HOME, kept when scaling down, and the token from a secret", () => {
    const set = byKind("StatefulSet");
    const pod = set.spec.template;
    const container = pod.spec.containers[0];
    expect(set.spec.selector.matchLabels).toEqual(pod.metadata.labels);
    expect(byKind("Service").spec.selector).toEqual(pod.metadata.labels);
    expect(byKind("PodDisruptionBudget").spec.selector.matchLabels).toEqual(pod.metadata.labels);
    expect(container.ports.map((p: { name: string }) => p.name)).toContain(byKind("Service").spec.ports[0].targetPort);

    const claims = set.spec.volumeClaimTemplates;
    expect(claims).toHaveLength(1);
    expect(claims[0].spec.accessModes).toEqual(["ReadWriteOnce"]);
    expect(pod.spec.volumes.some((v: { persistentVolumeClaim?: unknown }) => v.persistentVolumeClaim)).toBe(false);
    const home = container.env.find((e: { name: string }) => e.name === "CODEX_HOME").value;
    expect(container.volumeMounts.find((m: { name: string }) => m.name === claims[0].metadata.name).mountPath).toBe(home);
    expect(set.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenScaled: "Retain", whenDeleted: "Retain" });

    const tokenFile = container.args[container.args.indexOf("--ws-token-file") + 1];
    expect(container.args).toEqual(expect.arrayContaining(["--ws-auth", "capability-token"]));
    const tokenVolume = pod.spec.volumes.find((v: { secret?: unknown }) => v.secret);
    const tokenMount = container.volumeMounts.find((m: { name: string }) => m.name === tokenVolume.name);
    expect(`${tokenMount.mountPath}/${tokenVolume.secret.items[0].path}`).toBe(tokenFile);
    expect(container.env.find((e: { name: string }) => e.name === "OPENAI_API_KEY").valueFrom.secretKeyRef.name).toBe(tokenVolume.secret.secretName);
    expect(container.image).toBe(`codex-app-server:${runtimeVersion}`);
    expect(container.readinessProbe.httpGet.path).toBe("/readyz");
    expect(container.livenessProbe.httpGet.path).toBe("/healthz");
  });
});

describe("docs/deploy/Dockerfile", () => {
  const dockerfile = read("docs/deploy/Dockerfile");

  it("starts from a pinned official Node image no older than the supported Node", () => {
    const from = dockerfile.split("\n").filter((line) => /^FROM\s/i.test(line));
    expect(from).toHaveLength(1);
    const match = /^FROM (?:docker\.io\/library\/)?node:(\d+)\.(\d+)\.(\d+)(-[a-z0-9-]+)?(@sha256:[0-9a-f]{64})?$/.exec(from[0]!.trim());
    expect(match, `${from[0]} is not an official node image with a full version tag`).not.toBeNull();
    expect(Number(match![1])).toBeGreaterThanOrEqual(Number(/\d+/.exec(pkg.engines.node)![0]));
  });

  it("installs the pinned runtime with npm", () => {
    expect(dockerfile).toMatch(new RegExp(`npm install --global @openai/codex@${runtimeVersion.replaceAll(".", "\\.")}(\\s|$)`));
    expect(dockerfile).toContain(`codex-app-server:${runtimeVersion}`);
  });
});
