#!/usr/bin/env python3
"""derive-image.py LAYOUT OUT [TEXT] — writes to OUT an OCI layout of LAYOUT's first image plus one small layer on top
(one new file, /app/derived.txt, holding TEXT), as a CI build of an application on a shared base image would: the
base layers' blobs are hard-linked (or copied), the config gets the new diff_id and history line, and the manifest
and index are new. A distinct TEXT gives a distinct image digest. Used by sbom-vs-floor.sh for the warm-cache row and
by scale-out.sh for its 60 images."""
import gzip, hashlib, io, json, os, shutil, sys, tarfile

src, out = sys.argv[1], sys.argv[2]
text = sys.argv[3] if len(sys.argv) > 3 else "built on top of the base image"
blobs = os.path.join(out, "blobs", "sha256")
os.makedirs(blobs, exist_ok=True)

def read_blob(digest):
    with open(os.path.join(src, "blobs", "sha256", digest.split(":")[1]), "rb") as f:
        return f.read()

def write_blob(data):
    digest = hashlib.sha256(data).hexdigest()
    with open(os.path.join(blobs, digest), "wb") as f:
        f.write(data)
    return "sha256:" + digest

index = json.load(open(os.path.join(src, "index.json")))
manifest = json.loads(read_blob(index["manifests"][0]["digest"]))
config = json.loads(read_blob(manifest["config"]["digest"]))
for layer in manifest["layers"]:
    name = layer["digest"].split(":")[1]
    target = os.path.join(blobs, name)
    try:
        os.link(os.path.join(src, "blobs", "sha256", name), target)
    except OSError:
        shutil.copyfile(os.path.join(src, "blobs", "sha256", name), target)

tar_bytes = io.BytesIO()
with tarfile.open(fileobj=tar_bytes, mode="w", format=tarfile.PAX_FORMAT) as tar:
    content = (text + "\n").encode()
    info = tarfile.TarInfo("app/derived.txt")
    info.size, info.mode, info.mtime = len(content), 0o644, 0
    tar.addfile(info, io.BytesIO(content))
layer_tar = tar_bytes.getvalue()
layer_blob = gzip.compress(layer_tar, mtime=0)
config["rootfs"]["diff_ids"].append("sha256:" + hashlib.sha256(layer_tar).hexdigest())
config.setdefault("history", []).append({"created_by": "COPY derived.txt /app/ # bench/derive-image.py"})
config_bytes = json.dumps(config).encode()
manifest["config"] = {"mediaType": manifest["config"]["mediaType"], "digest": write_blob(config_bytes), "size": len(config_bytes)}
manifest["layers"].append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": write_blob(layer_blob), "size": len(layer_blob)})
manifest_bytes = json.dumps(manifest).encode()
index["manifests"] = [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": write_blob(manifest_bytes), "size": len(manifest_bytes)}]
json.dump(index, open(os.path.join(out, "index.json"), "w"))
with open(os.path.join(out, "oci-layout"), "w") as f:
    f.write('{"imageLayoutVersion":"1.0.0"}')
