#!/usr/bin/env python3
"""Checks deploy/k8s/*.yaml (issue 17): every manifest parses, and the parts that make the
deployment work fit together.

  check_k8s_manifests.py DIR              structure checks (python3-yaml), exit 1 on a problem
  check_k8s_manifests.py DIR --kubectl    kubectl --dry-run=client on every manifest, offline
                                          (no cluster: --local, KUBECONFIG emptied); prints
                                          CS-TEST-SKIPPED when kubectl is not installed
  check_k8s_manifests.py DIR --self-test  breaks the manifests in memory, one way at a time,
                                          and fails unless every breakage is caught
  check_k8s_manifests.py DIR --secrets FILE   FILE (make-secrets.sh output) has exactly the
                                          Secrets and keys of DIR/secrets/shape.yaml, each value
                                          non-empty base64

Structure checks: apiVersion/kind/name/namespace on every object; each Deployment has at least
2 replicas, a selector matching its pod labels, resource requests, and readiness and liveness
probes on a port it exposes (gRPC probes for the gRPC servers); each Deployment is covered by a
PodDisruptionBudget and a Service, headless for the gRPC servers; every service config in the
crowdsafe-services ConfigMap parses, uses keys the repository's config/services file knows (or
the cluster-only redis keys), listens on the container's port, points its Redis seeds at pods the
redis-cluster StatefulSet has, confirms writes (wait_replicas >= 1), and names upstreams that
are Services with that port.

TLS and identity (issue 16): no config turns server.insecure on; every server listens with TLS
(the gRPC servers requiring client certificates), every caller of an upstream presents a client
certificate (upstream_tls), and each of those files is mounted from a Secret whose shape
(secrets/shape.yaml) has that key; the servers with callers list trusted issuers whose public
keys are mounted from a Secret, and each signing process gets its seed from a Secret; every
Secret a Deployment uses is in the shape; a TLS gRPC server is probed over mTLS (crowdsafe-ctl
health with its certificate; kubelet's own gRPC probe is plain text) and an HTTPS gateway with
scheme HTTPS.
"""
import copy
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

# Keys the shipped configs (loopback, no certificates) leave out but a cluster needs. insecure is
# known only to be refused when on (check_tls_and_identity).
K8S_ONLY_SERVER_KEYS = {"insecure", "tls"}
K8S_ONLY_TOP_KEYS = {"upstream_tls"}
K8S_ONLY_IDENTITY_KEYS = {"signing_key_env"}
# gRPC servers that other processes call: they verify every caller's identity.
VERIFYING_SERVERS = {"crowd-service", "case-service", "appeal-service"}
CLUSTER_ONLY_REDIS_KEYS = {"mode", "seeds", "slot_refresh_interval_ms", "wait_replicas",
                           "wait_timeout_ms", "password_env", "pool_size"}
GRPC_SERVERS = {"crowd-service", "case-service", "appeal-service", "vision-worker"}


def load_secret_shapes(directory):
    """Secret name -> its keys, from secrets/shape.yaml (never applied, no key material)."""
    path = os.path.join(directory, "secrets", "shape.yaml")
    shapes = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for doc in yaml.safe_load_all(f):
                if doc and doc.get("kind") == "Secret":
                    keys = set((doc.get("stringData") or {})) | set((doc.get("data") or {}))
                    shapes[doc["metadata"]["name"]] = keys
    return shapes


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
    if want_grpc and "grpc" not in probe and "crowdsafe-ctl" not in str(
            (probe.get("exec") or {}).get("command", [""])[0]):
        problems.append(f"{where}: not a gRPC health probe (kubelet's, or crowdsafe-ctl health "
                        f"over TLS; every crowdsafe server runs gRPC health)")
    handler = probe.get("grpc") or probe.get("httpGet") or probe.get("tcpSocket")
    if not handler:
        if "exec" not in probe:
            problems.append(f"{where}: no handler")
        return
    if handler.get("port") not in ports:
        problems.append(f"{where}: port {handler.get('port')} is not a container port")


def secret_of_path(path, container, pod_spec):
    """(Secret name, key) a mounted file comes from, or None when no Secret volume holds it."""
    volumes = {v.get("name"): v for v in pod_spec.get("volumes") or []}
    for m in container.get("volumeMounts") or []:
        root = str(m.get("mountPath", "")).rstrip("/") + "/"
        if not str(path).startswith(root):
            continue
        secret = (volumes.get(m.get("name")) or {}).get("secret")
        if secret:
            return secret.get("secretName"), str(path)[len(root):]
    return None


def check_tls_and_identity(problems, where, config_name, config, container, pod_spec, port,
                           shapes):
    name = where.split(": ", 1)[1]
    server = config.get("server") or {}
    if server.get("insecure") is True:
        problems.append(f"{config_name}: server.insecure is on (plain text off loopback)")
    tls = server.get("tls") or {}

    def mounted(path, field):
        if not path:
            return
        found = secret_of_path(path, container, pod_spec)
        if found is None:
            problems.append(f"{config_name}: {field} {path} is not mounted from a Secret "
                            f"(no certificate mounted)")
        elif found[0] not in shapes:
            problems.append(f"{config_name}: {field} comes from Secret {found[0]}, "
                            f"not in secrets/shape.yaml")
        elif found[1] not in shapes[found[0]]:
            problems.append(f"{config_name}: {field} needs key {found[1]} of Secret {found[0]}, "
                            f"which its shape does not have")

    if not tls.get("cert_file") or not tls.get("key_file"):
        problems.append(f"{config_name}: server.tls missing: {name} listens in plain text")
    if name in GRPC_SERVERS and not tls.get("client_ca_file"):
        problems.append(f"{config_name}: server.tls.client_ca_file missing: callers are not "
                        f"asked for certificates (mutual TLS)")
    for field in ("cert_file", "key_file", "client_ca_file"):
        mounted(tls.get(field), f"server.tls.{field}")
    if config.get("upstreams"):
        up = config.get("upstream_tls") or {}
        for field in ("ca_file", "cert_file", "key_file"):
            if not up.get(field):
                problems.append(f"{config_name}: upstream_tls.{field} missing: calls to its "
                                f"upstreams are not mutual TLS")
            mounted(up.get(field), f"upstream_tls.{field}")

    identity = config.get("identity") or {}
    trusted = identity.get("trusted") or []
    if name in VERIFYING_SERVERS and not trusted:
        problems.append(f"{config_name}: identity.trusted empty: {name} believes any caller")
    for t in trusted:
        files = t.get("public_key_files") or ([t["public_key_file"]] if t.get(
            "public_key_file") else [os.path.join(str(identity.get("key_dir", "")),
                                                  f"{t.get('issuer')}.pub")])
        for f in files:
            mounted(f, f"identity.trusted {t.get('issuer')} key")
    if identity.get("issuer"):
        env_name = identity.get("signing_key_env")
        if env_name:
            refs = [e for e in container.get("env") or [] if e.get("name") == env_name]
            ref = ((refs[0].get("valueFrom") or {}).get("secretKeyRef") or {}) if refs else {}
            if not ref:
                problems.append(f"{config_name}: identity.signing_key_env {env_name} is not set "
                                f"from a Secret in {name}")
            elif ref.get("name") not in shapes or ref.get("key") not in shapes[ref.get("name")]:
                problems.append(f"{config_name}: {env_name} names {ref.get('name')}/"
                                f"{ref.get('key')}, not in secrets/shape.yaml")
        else:
            mounted(identity.get("signing_key_file") or os.path.join(
                str(identity.get("key_dir", "")), f"{identity['issuer']}.key"),
                "identity.signing_key_file")

    for probe_name in ("startupProbe", "readinessProbe", "livenessProbe"):
        probe = container.get(probe_name) or {}
        pw = f"{where} {probe_name}"
        if name in GRPC_SERVERS and tls:
            if "grpc" in probe:
                problems.append(f"{pw}: kubelet's gRPC probe speaks plain text; the server "
                                f"requires mutual TLS (use crowdsafe-ctl health --tls-...)")
            command = [str(a) for a in (probe.get("exec") or {}).get("command") or []]
            if command and (not command[0].endswith("crowdsafe-ctl") or "health" not in command
                            or not any(a.endswith(f":{port}") for a in command)
                            or not all(f in command for f in ("--tls-ca", "--tls-cert",
                                                              "--tls-key"))):
                problems.append(f"{pw}: not crowdsafe-ctl health on port {port} with its "
                                f"certificate")
            for flag, field in (("--tls-ca", "ca"), ("--tls-cert", "cert"), ("--tls-key", "key")):
                if flag in command and command.index(flag) + 1 < len(command):
                    mounted(command[command.index(flag) + 1], f"{probe_name} {flag}")
        if "httpGet" in probe and tls and probe["httpGet"].get("scheme") != "HTTPS":
            problems.append(f"{pw}: HTTP probe of an HTTPS server (scheme: HTTPS)")

    for v in pod_spec.get("volumes") or []:
        secret = (v.get("secret") or {}).get("secretName")
        if secret and secret not in shapes:
            problems.append(f"{where}: volume {v.get('name')} mounts Secret {secret}, not in "
                            f"secrets/shape.yaml")


def check_structure(docs, repo_config_dir, shapes=None):
    if shapes is None:
        shapes = load_secret_shapes(os.path.join(repo_config_dir, "..", "..", "deploy", "k8s"))
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
            if isinstance(config, dict):
                check_tls_and_identity(problems, f"{file}: {name}", config_name, config, c,
                                       d["spec"]["template"]["spec"], port, shapes)

    for key, config in configs.items():
        if not isinstance(config, dict):
            problems.append(f"{key}: not a mapping")
            continue
        repo_file = os.path.join(repo_config_dir, key)
        if os.path.exists(repo_file):
            with open(repo_file, encoding="utf-8") as f:
                repo = yaml.safe_load(f) or {}
            for section, value in config.items():
                if section not in repo and section not in K8S_ONLY_TOP_KEYS:
                    problems.append(f"{key}: top-level key {section} unknown to {repo_file}")
                elif isinstance(value, dict) and isinstance(repo.get(section), dict):
                    allowed = set(repo[section]) | (
                        CLUSTER_ONLY_REDIS_KEYS if section == "redis" else set()) | (
                        K8S_ONLY_SERVER_KEYS if section == "server" else set()) | (
                        K8S_ONLY_IDENTITY_KEYS if section == "identity" else set())
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

    def container(ds, name):
        return deployment(ds, name)["spec"]["template"]["spec"]["containers"][0]

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
        # TLS and identity (issue 16).
        "insecure: true turned on": lambda ds: edit_config(
            ds, "cases.yaml", lambda c: c["server"].update(insecure=True)),
        "no certificate mounted": lambda ds: container(ds, "case-service").update(
            volumeMounts=[m for m in container(ds, "case-service")["volumeMounts"]
                          if m["name"] != "tls"]),
        "server without TLS": lambda ds: edit_config(
            ds, "crowd.yaml", lambda c: c["server"].pop("tls")),
        "no client certificates asked": lambda ds: edit_config(
            ds, "appeals.yaml", lambda c: c["server"]["tls"].pop("client_ca_file")),
        "upstream calls in plain text": lambda ds: edit_config(
            ds, "appeals.yaml", lambda c: c.pop("upstream_tls")),
        "gateway in plain HTTP": lambda ds: edit_config(
            ds, "api.yaml", lambda c: c["server"].pop("tls")),
        "identity not verified": lambda ds: edit_config(
            ds, "cases.yaml", lambda c: c["identity"].pop("trusted")),
        "signing seed not from a Secret": lambda ds: container(ds, "mobile-api").update(
            env=[e for e in container(ds, "mobile-api")["env"] if e["name"] != "CS_IDENTITY_SEED"]),
        "Secret not in the shape": lambda ds: next(
            v for v in deployment(ds, "vision-worker")["spec"]["template"]["spec"]["volumes"]
            if v["name"] == "tls")["secret"].update(secretName="crowdsafe-tls-other"),
        "kubelet gRPC probe on a TLS server": lambda ds: container(ds, "crowd-service").update(
            readinessProbe={"grpc": {"port": 50051}, "periodSeconds": 5}),
        "probe without a client certificate": lambda ds: container(ds, "appeal-service")[
            "livenessProbe"]["exec"].update(command=[
                "/opt/crowdsafe/bin/crowdsafe-ctl", "health", "127.0.0.1:50053"]),
        "HTTP probe of the HTTPS gateway": lambda ds: container(ds, "mobile-api")[
            "readinessProbe"]["httpGet"].pop("scheme"),
    }
    missed = []
    for what, breakage in breakages.items():
        broken = copy.deepcopy(docs)
        breakage(broken)
        found = check_structure(broken, repo_config_dir)
        if not found:
            missed.append(what)
        elif "-v" in sys.argv:
            print(f"{what}: {found[0]}")
    # The shape must list what the Deployments use: a key dropped from it is caught too.
    shapes = load_secret_shapes(os.path.join(repo_config_dir, "..", "..", "deploy", "k8s"))
    shapes["crowdsafe-identity-public"].discard("vision.pub")
    if not check_structure(docs, repo_config_dir, shapes):
        missed.append("public key missing from the Secret's shape")
    if missed:
        print("self-test: breakages not caught: " + ", ".join(missed))
        return 1
    print(f"self-test: {len(breakages) + 1} breakages, every one caught")
    return 0


def check_secrets_file(directory, path):
    import base64
    shapes = load_secret_shapes(directory)
    made = {}
    problems = []
    with open(path, encoding="utf-8") as f:
        for doc in yaml.safe_load_all(f):
            if not doc:
                continue
            name = doc["metadata"]["name"]
            if doc["metadata"].get("namespace") != "crowdsafe":
                problems.append(f"{name}: not in namespace crowdsafe")
            data = doc.get("data") or {}
            made[name] = set(data)
            for key, value in data.items():
                try:
                    if not base64.b64decode(value, validate=True):
                        problems.append(f"{name}/{key}: empty")
                except ValueError:
                    problems.append(f"{name}/{key}: not base64")
    for name in sorted(set(shapes) | set(made)):
        if shapes.get(name) != made.get(name):
            problems.append(f"{name}: shape has {sorted(shapes.get(name, []))}, "
                            f"made {sorted(made.get(name, []))}")
    for p in problems:
        print(p)
    print(f"{len(made)} Secrets made, {len(shapes)} in the shape, {len(problems)} problems")
    return 1 if problems else 0


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
                for name in sorted(os.listdir(directory)) + ["secrets/shape.yaml"]
                if name.endswith(".yaml")]
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
    if "--secrets" in sys.argv:
        return check_secrets_file(directory, sys.argv[sys.argv.index("--secrets") + 1])
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
