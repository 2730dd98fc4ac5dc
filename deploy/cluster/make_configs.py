#!/usr/bin/env python3
"""Writes the configs of a one-machine cluster run (deploy/cluster/cluster.sh): for each
service, one config per replica, made from config/services/<name>.yaml with

  server.listen      127.0.0.1:<that replica's port>
  redis              mode: cluster, every Redis node a seed, wait_replicas: 1
  upstreams          both replicas of each upstream, "ipv4:127.0.0.1:A,127.0.0.1:B" (gRPC's
                     pick_first moves to the second when the first stops answering)
  venue_file, web_root, triage_rules_dir   made absolute (the configs move to another folder)
  api.trusted_proxies  127.0.0.1 (HAProxy's X-Forwarded-For counts)
  server.tls, upstream_tls   mutual TLS with the certificates of deploy/tls/make-certs.sh in
                     TLS_DIR (docs/identity.md): every gRPC server requires a client certificate
                     from the CA, every process presents its own; mobile-api serves HTTPS
                     (HAProxy checks its certificate) and asks phones for none
  identity           kept from config/services: every server verifies its callers

  make_configs.py REPO OUT_DIR PORTS_JSON TLS_DIR
"""
import json
import os
import sys

import yaml

FILES = {"crowd": "crowd", "cases": "cases", "appeals": "appeals", "vision": "vision",
         "api": "api"}


def absolute(base_file, path):
    return path if os.path.isabs(path) else os.path.normpath(
        os.path.join(os.path.dirname(base_file), path))


def main():
    repo, out_dir, ports = os.path.abspath(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3])
    tls_dir = os.path.abspath(sys.argv[4])
    redis_nodes = [f"127.0.0.1:{p}" for p in ports["redis"]]
    os.makedirs(out_dir, exist_ok=True)
    for service, file in FILES.items():
        source = os.path.join(repo, "config", "services", f"{file}.yaml")
        with open(source, encoding="utf-8") as f:
            base = yaml.safe_load(f)
        for n, port in enumerate(ports[service]):
            c = json.loads(json.dumps(base))  # a deep copy
            c["server"]["listen"] = f"127.0.0.1:{port}"
            c["server"].pop("insecure", None)
            c["server"]["tls"] = {"cert_file": os.path.join(tls_dir, f"{service}.pem"),
                                  "key_file": os.path.join(tls_dir, f"{service}.key")}
            if service != "api":
                c["server"]["tls"]["client_ca_file"] = os.path.join(tls_dir, "ca.pem")
            c["upstream_tls"] = {"ca_file": os.path.join(tls_dir, "ca.pem"),
                                 "cert_file": os.path.join(tls_dir, f"{service}.pem"),
                                 "key_file": os.path.join(tls_dir, f"{service}.key")}
            # Every gRPC server with callers verifies them (vision-worker serves health only).
            if service in ("crowd", "cases", "appeals") and \
                    not (c.get("identity") or {}).get("trusted"):
                sys.exit(f"make_configs.py: {file}.yaml verifies no caller (identity.trusted)")
            old = c.get("redis") or {}
            c["redis"] = {"mode": "cluster", "seeds": redis_nodes, "wait_replicas": 1,
                          "wait_timeout_ms": 500,
                          "connect_timeout_ms": old.get("connect_timeout_ms", 1000),
                          "command_timeout_ms": old.get("command_timeout_ms", 1000)}
            c["venue_file"] = absolute(source, c["venue_file"])
            if "upstreams" in c:
                c["upstreams"] = {
                    name: "ipv4:" + ",".join(f"127.0.0.1:{p}" for p in ports[name])
                    for name in c["upstreams"]}
            section = c.get(service) if isinstance(c.get(service), dict) else None
            if service == "api" and section is not None:
                section["web_root"] = absolute(source, section.get("web_root", "../../web/dist"))
                section["trusted_proxies"] = ["127.0.0.1"]
            if service == "appeals" and section is not None and "triage_rules_dir" in section:
                section["triage_rules_dir"] = absolute(source, section["triage_rules_dir"])
            with open(os.path.join(out_dir, f"{service}-{n + 1}.yaml"), "w",
                      encoding="utf-8") as f:
                yaml.safe_dump(c, f, allow_unicode=True, sort_keys=False)


if __name__ == "__main__":
    main()
