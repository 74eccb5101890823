# SM2 via the OpenSSL inside the `node` binary. Deliberately links no library:
# the EVP_* symbols resolve against the running node process, so the addon uses
# exactly the OpenSSL that Node's own crypto uses (no second libcrypto in-process).
{
  "targets": [
    {
      "target_name": "sufu_gm_sm2",
      "sources": ["sm2.c"],
      "defines": ["NAPI_VERSION=8"],
      "cflags": ["-O2", "-Wall", "-Wextra"],
      # Bind every symbol at dlopen time: if this node does not export an EVP
      # symbol, require() throws (and we fall back to pure TS) instead of the
      # process dying with "symbol lookup error" at the first call.
      "ldflags": ["-Wl,-z,now"],
      "libraries": []
    }
  ]
}
