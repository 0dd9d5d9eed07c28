#!/usr/bin/env bash
# Makes a private CA and the certificates a dermanomaly deployment uses, with openssl (EC P-256 keys):
#   ca.crt, ca.key                  the CA (keep ca.key offline; only ca.crt goes into Secrets)
#   dermanomaly.crt, dermanomaly.key  the services: server and client certificate (mutual TLS between stages and
#                                   the NATS client certificate), for *.<namespace>.svc[.cluster.local] and localhost
#   nats.crt, nats.key              the NATS servers: nats.<namespace>.svc..., *.nats-headless.<namespace>.svc...
#   client.crt, client.key          a user's client certificate for the CLI
# Then it prints the kubectl commands that store them as the Secrets the manifests mount.
#
# Usage: deploy/tls/make-certs.sh <out-dir> [namespace] [days]
#   namespace  where dermanomaly and NATS run (default dermanomaly); days  validity (default 825)
# Certificates from cert-manager or a company CA work as well: the Secrets only need tls.crt, tls.key and ca.crt.
set -euo pipefail
out=${1:?usage: make-certs.sh <out-dir> [namespace] [days]}
ns=${2:-dermanomaly}
days=${3:-825}
command -v openssl >/dev/null || { echo "make-certs.sh: openssl is needed (apt-get install openssl)" >&2; exit 1; }
mkdir -p "$out"
cd "$out"
umask 077

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

# sign <name> <CN> <extendedKeyUsage> <subjectAltName>
sign() {
  key "$1.key"
  openssl req -new -key "$1.key" -subj "/O=dermanomaly/CN=$2" -out "$1.csr" 2>/dev/null
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=%s\n' "$3" >"$1.ext"
  if [ -n "$4" ]; then printf 'subjectAltName=%s\n' "$4" >>"$1.ext"; fi
  openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days "$days" -sha256 \
    -extfile "$1.ext" -out "$1.crt" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}

if [ ! -f ca.key ]; then
  key ca.key
  openssl req -x509 -new -key ca.key -sha256 -days "$((days * 2))" -subj "/O=dermanomaly/CN=dermanomaly CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.crt 2>/dev/null
fi
sign dermanomaly "dermanomaly services" serverAuth,clientAuth \
  "DNS:*.$ns,DNS:*.$ns.svc,DNS:*.$ns.svc.cluster.local,DNS:localhost,IP:127.0.0.1"
sign nats "nats" serverAuth,clientAuth \
  "DNS:nats,DNS:nats.$ns,DNS:nats.$ns.svc,DNS:nats.$ns.svc.cluster.local,DNS:*.nats-headless,DNS:*.nats-headless.$ns.svc,DNS:*.nats-headless.$ns.svc.cluster.local,DNS:localhost,IP:127.0.0.1"
sign client "dermanomaly CLI user" clientAuth ""
chmod 644 ./*.crt
rm -f ca.srl

cat <<EOT
Certificates written to $(pwd). Store them in the cluster (namespace $ns):
  kubectl -n $ns create secret generic dermanomaly-grpc-tls --from-file=tls.crt=dermanomaly.crt --from-file=tls.key=dermanomaly.key --from-file=ca.crt=ca.crt
  kubectl -n $ns create secret generic nats-server-tls --from-file=tls.crt=nats.crt --from-file=tls.key=nats.key --from-file=ca.crt=ca.crt
  kubectl -n $ns create secret generic dermanomaly-nats-auth --from-literal=user=dermanomaly --from-literal=password="\$(openssl rand -hex 24)"
Point the CLI at the cluster with ca.crt, client.crt and client.key (deploy/README.md).
EOT
