"""An independent client of a dermanomaly stage: Python grpcio with stubs built from proto/ at test time.

Usage: python_client.py <stubs-dir> <host:port> <ca.crt> <client.crt> <client.key> <images-dir> <dest.zip>

Over mutual TLS it reads the stage's health (the server and the preprocess service), asks for a job that does not
exist (NOT_FOUND), then prepares a data set from <images-dir> and follows the job to its end with Watch. Prints one
JSON object with what it saw.
"""
import json
import sys

stubs, address, ca, cert, key, images, dest = sys.argv[1:8]
sys.path.insert(0, stubs)

import grpc  # noqa: E402
from dermanomaly.v1 import common_pb2, preprocess_pb2, preprocess_pb2_grpc  # noqa: E402
from health.v1 import health_pb2, health_pb2_grpc  # noqa: E402


def read(path):
    with open(path, "rb") as f:
        return f.read()


credentials = grpc.ssl_channel_credentials(
    root_certificates=read(ca), private_key=read(key), certificate_chain=read(cert)
)
out = {}
with grpc.secure_channel(address, credentials) as channel:
    grpc.channel_ready_future(channel).result(timeout=20)
    health = health_pb2_grpc.HealthStub(channel)
    for name in ["", "dermanomaly.v1.PreprocessService"]:
        reply = health.Check(health_pb2.HealthCheckRequest(service=name), timeout=10)
        out["health:" + name] = health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status)

    stage = preprocess_pb2_grpc.PreprocessServiceStub(channel)
    try:
        stage.GetJob(common_pb2.JobRef(id="no-such-job", service="preprocess"), timeout=10)
        out["missing_job"] = "OK"
    except grpc.RpcError as err:
        out["missing_job"] = err.code().name

    job = stage.StartPrepareDataset(
        preprocess_pb2.PrepareDatasetRequest(
            request_id="python-client",
            source=common_pb2.Location(path=images),
            dest=common_pb2.Location(path=dest),
            transform=preprocess_pb2.TRANSFORM_CENTER_CROP,
            width=32,
            height=32,
        ),
        timeout=30,
    )
    out["job_service"] = job.service
    last = None
    for progress in stage.Watch(job, timeout=120):
        last = progress
    out["final_state"] = common_pb2.JobState.Name(last.state)
    out["done"] = last.done
    out["outputs"] = [o.uri for o in last.outputs]
print(json.dumps(out))
