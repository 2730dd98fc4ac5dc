#!/usr/bin/env python3
"""Checks deploy/k8s/*.yaml (issue 17): every manifest parses, and the parts that make the
deployment work fit together.

  check_k8s_manifests.py DIR              structure checks (python3-yaml), exit 1 on a problem
  check_k8s_manifests.py DIR --kubectl    kubectl --dry-run=client on every manifest, offline
                                          (no cluster: --local, KUBECONFIG emptied); prints
                                          CS-TEST-SKIPPED when kubectl is not installed
  check_k8s_manifests.py DIR --self-test  breaks the manifests in memory, one way at a time,
                                          and fails unless every breakage is caught

Structure checks: apiVersion/kind/name/namespace on every object; each Deployment has at least
2 replicas, a selector matching its pod labels, resource requests, and readiness and liveness
probes on a port it exposes (gRPC probes for the gRPC servers); each Deployment is covered by a
PodDisruptionBudget and a Service, headless for the gRPC servers; every service config in the
crowdsafe-services ConfigMap parses, uses keys the repository's config/services file knows (or
the cluster-only redis keys), listens on the container's port, points its Redis seeds at pods the
redis-cluster StatefulSet has, confirms writes (wait_replicas >= 1), and names upstreams that
are Services with that port.
"""
import copy
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

# Plain text inside the namespace until mTLS certificates are mounted (docs/identity.md): the
# shipped configs listen on loopback and need no such key.
K8S_ONLY_SERVER_KEYS = {"insecure"}
CLUSTER_ONLY_REDIS_KEYS = {"mode", "seeds", "slot_refresh_interval_ms", "wait_replicas",
                           "wait_timeout_ms", "password_env", "pool_size"}
GRPC_SERVERS = {"crowd-service", "case-service", "appeal-service", "vision-worker"}


def load(directory):
    docs = []
    for name in sorted(os.listdir(directory)):
        if name.endswith(".yaml"):
            with open(os.path.join(directory, name), encoding="utf-8") as f:
                for doc in yaml.safe_load_all(f):
                    if doc is not None:
                        docs.append((name, doc))
    return docs


def labels_match(selector, labels):
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def container_ports(container):
    return {p.get("containerPort") for p in container.get("ports", [])} | {
        p.get("name") for p in container.get("ports", [])}


def check_probe(problems, where, probe, ports, want_grpc):
    if not isinstance(probe, dict):
        problems.append(f"{where}: missing")
        return
    if want_grpc and "grpc" not in probe:
        problems.append(f"{where}: not a gRPC probe (every crowdsafe server runs gRPC health)")
    handler = probe.get("grpc") or probe.get("httpGet") or probe.get("tcpSocket")
    if not handler:
        if "exec" not in probe:
            problems.append(f"{where}: no handler")
        return
    if handler.get("port") not in ports:
        problems.append(f"{where}: port {handler.get('port')} is not a container port")


def check_structure(docs, repo_config_dir):
    problems = []
    by_kind = {}
    for file, doc in docs:
        kind = doc.get("kind")
        meta = doc.get("metadata") or {}
        where = f"{file}: {kind}/{meta.get('name')}"
        for field in ("apiVersion", "kind"):
            if not doc.get(field):
                problems.append(f"{where}: no {field}")
        if not meta.get("name"):
            problems.append(f"{where}: no metadata.name")
        if kind != "Namespace" and meta.get("namespace") != "crowdsafe":
            problems.append(f"{where}: metadata.namespace is not crowdsafe")
        by_kind.setdefault(kind, []).append((file, doc))

    services = by_kind.get("Service", [])
    pdbs = by_kind.get("PodDisruptionBudget", [])
    deployment_ports = {}
    for file, d in by_kind.get("Deployment", []):
        name = d["metadata"]["name"]
        where = f"{file}: Deployment/{name}"
        spec = d.get("spec") or {}
        if (spec.get("replicas") or 0) < 2:
            problems.append(f"{where}: fewer than 2 replicas")
        pod_labels = ((spec.get("template") or {}).get("metadata") or {}).get("labels") or {}
        selector = (spec.get("selector") or {}).get("matchLabels") or {}
        if not labels_match(selector, pod_labels):
            problems.append(f"{where}: selector does not match the pod labels")
        containers = ((spec.get("template") or {}).get("spec") or {}).get("containers") or []
        if not containers:
            problems.append(f"{where}: no containers")
        for c in containers:
            cw = f"{where} container {c.get('name')}"
            if not c.get("image"):
                problems.append(f"{cw}: no image")
            requests = (c.get("resources") or {}).get("requests") or {}
            for r in ("cpu", "memory"):
                if r not in requests:
                    problems.append(f"{cw}: no resources.requests.{r}")
            ports = container_ports(c)
            for probe in ("readinessProbe", "livenessProbe"):
                check_probe(problems, f"{cw} {probe}", c.get(probe), ports, name in GRPC_SERVERS)
            deployment_ports[name] = {p.get("containerPort") for p in c.get("ports", [])}
        if not any(labels_match((p["spec"].get("selector") or {}).get("matchLabels"), pod_labels)
                   for _, p in pdbs):
            problems.append(f"{where}: no PodDisruptionBudget selects its pods")
        selecting = [s for _, s in services
                     if labels_match((s.get("spec") or {}).get("selector"), pod_labels)]
        if not selecting:
            problems.append(f"{where}: no Service selects its pods")
        elif name in GRPC_SERVERS and not any(
                s["spec"].get("clusterIP") == "None" for s in selecting):
            problems.append(f"{where}: its Service is not headless (client-side balancing)")

    service_ports = {s["metadata"]["name"]: {p.get("port") for p in s["spec"].get("ports", [])}
                     for _, s in services}
    redis_pods = set()
    for _, s in by_kind.get("StatefulSet", []):
        if s["metadata"]["name"] == "redis-cluster":
            redis_pods = {f"redis-cluster-{i}" for i in range(s["spec"].get("replicas", 0))}
    if len(redis_pods) < 6:
        problems.append("redis-cluster StatefulSet: fewer than 6 nodes (3 primaries, 3 replicas)")

    configs = {}
    for file, c in by_kind.get("ConfigMap", []):
        if c["metadata"]["name"] == "crowdsafe-services":
            for key, text in (c.get("data") or {}).items():
                try:
                    configs[key] = yaml.safe_load(text)
                except yaml.YAMLError as e:
                    problems.append(f"{file}: {key} does not parse: {e}")
    if not configs:
        problems.append("no crowdsafe-services ConfigMap with service configs")
    for file, d in by_kind.get("Deployment", []):
        name = d["metadata"]["name"]
        for c in d["spec"]["template"]["spec"]["containers"]:
            command = c.get("command") or []
            if "--config" not in command:
                problems.append(f"{file}: {name} has no --config")
                continue
            config_name = os.path.basename(command[command.index("--config") + 1])
            config = configs.get(config_name)
            if config is None:
                problems.append(f"{file}: {name} reads {config_name}, not in the ConfigMap")
                continue
            listen = str((config.get("server") or {}).get("listen", ""))
            port = int(listen.rsplit(":", 1)[-1]) if ":" in listen else None
            if port not in deployment_ports.get(name, set()):
                problems.append(f"{config_name}: listens on {listen}, not a port of {name}")

    for key, config in configs.items():
        if not isinstance(config, dict):
            problems.append(f"{key}: not a mapping")
            continue
        repo_file = os.path.join(repo_config_dir, key)
        if os.path.exists(repo_file):
            with open(repo_file, encoding="utf-8") as f:
                repo = yaml.safe_load(f) or {}
            for section, value in config.items():
                if section not in repo:
                    problems.append(f"{key}: top-level key {section} unknown to {repo_file}")
                elif isinstance(value, dict) and isinstance(repo.get(section), dict):
                    allowed = set(repo[section]) | (
                        CLUSTER_ONLY_REDIS_KEYS if section == "redis" else set()) | (
                        K8S_ONLY_SERVER_KEYS if section == "server" else set())
                    for k in value:
                        if k not in allowed:
                            problems.append(f"{key}: {section}.{k} unknown to {repo_file}")
        else:
            problems.append(f"{key}: no {repo_file} to compare with")
        redis = config.get("redis") or {}
        if redis.get("mode") != "cluster":
            problems.append(f"{key}: redis.mode is not cluster")
        if (redis.get("wait_replicas") or 0) < 1:
            problems.append(f"{key}: redis.wait_replicas < 1 (acknowledged writes unconfirmed)")
        for seed in redis.get("seeds") or [None]:
            host = str(seed).split(".")[0]
            if host not in redis_pods:
                problems.append(f"{key}: redis seed {seed} is not a redis-cluster pod")
        for upstream, target in (config.get("upstreams") or {}).items():
            m = re.fullmatch(r"dns:///([a-z0-9-]+)\.crowdsafe\.svc\.cluster\.local:(\d+)",
                             str(target))
            if not m:
                problems.append(f"{key}: upstream {upstream} is not dns:///<service>...:<port>")
            elif int(m.group(2)) not in service_ports.get(m.group(1), set()):
                problems.append(f"{key}: upstream {upstream} names no Service port {target}")
    return problems


def self_test(docs, repo_config_dir):
    """Every breakage below must be reported; the real manifests must pass."""
    base = check_structure(docs, repo_config_dir)
    if base:
        print("\n".join(base))
        return 1

    def deployment(ds, name):
        return next(d for _, d in ds if d.get("kind") == "Deployment"
                    and d["metadata"]["name"] == name)

    def services_config(ds):
        return next(d for _, d in ds if d.get("kind") == "ConfigMap"
                    and d["metadata"]["name"] == "crowdsafe-services")

    def edit_config(ds, key, edit):
        cm = services_config(ds)
        config = yaml.safe_load(cm["data"][key])
        edit(config)
        cm["data"][key] = yaml.safe_dump(config)

    breakages = {
        "no readiness probe": lambda ds: deployment(ds, "crowd-service")["spec"]["template"][
            "spec"]["containers"][0].pop("readinessProbe"),
        "one replica": lambda ds: deployment(ds, "case-service")["spec"].update(replicas=1),
        "no memory request": lambda ds: deployment(ds, "mobile-api")["spec"]["template"]["spec"][
            "containers"][0]["resources"]["requests"].pop("memory"),
        "no PDB": lambda ds: ds.remove(next(x for x in ds if x[1].get("kind") ==
                                            "PodDisruptionBudget" and
                                            x[1]["metadata"]["name"] == "appeal-service")),
        "Service not headless": lambda ds: next(
            d for _, d in ds if d.get("kind") == "Service" and
            d["metadata"]["name"] == "vision-worker")["spec"].pop("clusterIP"),
        "upstream to a missing port": lambda ds: edit_config(
            ds, "api.yaml", lambda c: c["upstreams"].update(
                crowd="dns:///crowd-service.crowdsafe.svc.cluster.local:1")),
        "seed not a pod": lambda ds: edit_config(
            ds, "cases.yaml", lambda c: c["redis"].update(seeds=["redis-cluster-9.x:6379"])),
        "writes unconfirmed": lambda ds: edit_config(
            ds, "crowd.yaml", lambda c: c["redis"].update(wait_replicas=0)),
        "unknown config key": lambda ds: edit_config(
            ds, "appeals.yaml", lambda c: c["server"].update(lisen="0.0.0.0:1")),
        "no namespace": lambda ds: deployment(ds, "crowd-service")["metadata"].pop("namespace"),
    }
    missed = []
    for what, breakage in breakages.items():
        broken = copy.deepcopy(docs)
        breakage(broken)
        if not check_structure(broken, repo_config_dir):
            missed.append(what)
    if missed:
        print("self-test: breakages not caught: " + ", ".join(missed))
        return 1
    print(f"self-test: {len(breakages)} breakages, every one caught")
    return 0


def kubectl_dry_run(directory, docs):
    kubectl = shutil.which("kubectl")
    if not kubectl:
        print("CS-TEST-SKIPPED: kubectl not installed (Debian: kubernetes-client); "
              "kubectl --dry-run=client not run")
        return 0
    # No cluster: an empty kubeconfig, and only --local commands (a plain apply --dry-run=client
    # still asks a server for its API list; with no kubeconfig it would dial localhost:8080,
    # mobile-api's port).
    env = dict(os.environ, KUBECONFIG=os.devnull)
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        workloads = os.path.join(tmp, "workloads.yaml")
        with open(workloads, "w", encoding="utf-8") as f:
            yaml.safe_dump_all([d for _, d in docs if d.get("kind") in
                                ("Deployment", "StatefulSet", "Job")], f)
        runs = [[kubectl, "label", "--local", "--dry-run=client", "-o", "name", "-f",
                 os.path.join(directory, name), "crowdsafe.check=ok"]
                for name in sorted(os.listdir(directory)) if name.endswith(".yaml")]
        # Decodes every workload into its typed Go struct (pod templates, probes, resources):
        # a wrong type or a misspelt enum fails here.
        runs.append([kubectl, "set", "resources", "--local", "--dry-run=client", "-o", "name",
                     "-f", workloads, "--requests=cpu=100m"])
        for run in runs:
            result = subprocess.run(run, env=env, capture_output=True, text=True, timeout=60)
            shown = " ".join(os.path.basename(a) for a in run[1:])
            if result.returncode != 0:
                failures += 1
                print(f"FAILED kubectl {shown}\n{result.stderr}")
            else:
                print(f"ok kubectl {shown}: {len(result.stdout.split())} objects")
    return 1 if failures else 0


def main():
    directory = sys.argv[1]
    repo_config_dir = os.path.join(directory, "..", "..", "config", "services")
    docs = load(directory)
    if "--self-test" in sys.argv:
        return self_test(docs, repo_config_dir)
    if "--kubectl" in sys.argv:
        return kubectl_dry_run(directory, docs)
    problems = check_structure(docs, repo_config_dir)
    for p in problems:
        print(p)
    kinds = sorted({d.get("kind") for _, d in docs})
    print(f"{len(docs)} objects ({', '.join(kinds)}), {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
