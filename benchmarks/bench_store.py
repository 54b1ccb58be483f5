"""The store (issue 4): mapping and load throughput, on-disk size, vs rdflib's in-memory load.

A large synthetic graph is made by mapping the four sample documents many times
with perturbations: each copy gets its own source path (its own named graph and
fact IRIs), every copy shifts the fiscal year (so projects and classification
schemes multiply) and every tenth copy renames the department (more organisations),
while cited documents keep merging across copies as they would in a real corpus.

Measured in one run, on the same quads:

* mapping: DocumentRecord → quads (quads/s);
* ingest path: one transactional ``replace_source`` per document into an on-disk
  store (what ``policygraph ingest`` does), for new documents and for changed ones;
* bulk path: Oxigraph's bulk loader (``bulk_add``, what ``ingest --bulk`` uses) into
  a fresh on-disk store, and ``Store.bulk_load`` of the N-Quads file;
* the on-disk size of the store, and a query over it (``stats``);
* rdflib: ``Dataset.parse`` of the same N-Quads file into memory, with its RSS growth.

    python -m benchmarks.bench_store [--quick]
"""

from __future__ import annotations

import dataclasses
import gc
import os
import shutil
import sys
import tempfile

from benchmarks.common import Section, corpus_files, peak_rss_mb, timer


def _records():
    from policygraph.extract import extract_document
    from policygraph.extract.reader import read_source

    out = []
    for path in corpus_files():
        src = read_source(path)
        out.append((extract_document(src), src.text))
    return out


def synthetic_documents(records, copies: int):
    """(record, text) pairs: ``copies`` perturbed copies of each sample document."""
    for i in range(copies):
        for record, text in records:
            changes = {"source": f"/synthetic/{i:05d}/{os.path.basename(record.source)}"}
            if record.year is not None:
                changes["year"] = record.year + i % 8
            if record.department and i % 10:
                changes["department"] = f"{record.department}{i % 10}"
            yield dataclasses.replace(record, **changes), text


def _dir_size(path: str) -> int:
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(path) for f in files)


def _rss_mb() -> float:
    with open("/proc/self/statm", encoding="utf-8") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def run(quick: bool = False) -> Section:
    import pyoxigraph as ox
    import rdflib

    from policygraph.graph import iris, open_store
    from policygraph.graph.mapping import record_quads
    from policygraph.graph.stats import store_stats

    copies = 4 if quick else 20
    section = Section(
        title="Store: load throughput and size (bench_store)",
        notes=(
            f"Synthetic graph: the 4 sample documents mapped {copies} times with perturbations "
            "(own source path, shifted year, renamed department every tenth copy). "
            "Throughput in quads per second (a quad is a triple in a named graph). "
            "rdflib parses the same N-Quads file into an in-memory Dataset."
        ),
    )
    records = _records()
    work = tempfile.mkdtemp(prefix="bench-store-")
    try:
        # mapping
        docs = []
        with timer() as t:
            for record, text in synthetic_documents(records, copies):
                docs.append((iris.source_graph(iris.source_key(record.source)), record_quads(record, text)))
        n_quads = sum(len(q) for _, q in docs)
        section.add("synthetic graph", n_quads, "quads", note=f"{len(docs)} documents")
        section.add("mapping (records → quads)", round(n_quads / t["s"]), "quads/s")

        # ingest path: one transaction per document
        location = os.path.join(work, "ingest")
        with open_store(location) as store:
            with timer() as t:
                for graph, quads in docs:
                    store.replace_source(graph, quads)  # new graphs: Store.extend
                store.flush()
            section.add("ingest path: one transaction per new document", round(n_quads / t["s"]), "quads/s", note=f"{t['s']:.1f} s")
            changed = docs[: max(4, len(docs) // 10)]
            n_changed = sum(len(q) for _, q in changed)
            with timer() as t:
                for graph, quads in changed:
                    store.replace_source(graph, quads)  # existing graphs: DROP + INSERT DATA update
                store.flush()
            section.add("re-ingest path: replacing existing documents", round(n_changed / t["s"]), "quads/s", note=f"{len(changed)} documents")
            with timer() as t:
                numbers = store_stats(store)
            section.add("stats query over the store", round(t["s"], 3), "s", note=f"{numbers['triples']:,} quads, {numbers['cited_documents']:,} cited documents")
        size = _dir_size(location)
        section.add("on-disk size after ingest (closed)", round(size / 2**20, 1), "MiB", note=f"{size / n_quads:.0f} bytes/quad, write-ahead log included")
        open_store(location).close()  # RocksDB folds its write-ahead log into tables on the next open
        size = _dir_size(location)
        section.add("on-disk size after the next open", round(size / 2**20, 1), "MiB", note=f"{size / n_quads:.0f} bytes/quad")

        # bulk path: bulk loader on quads, and on the N-Quads file
        location = os.path.join(work, "bulk")
        with open_store(location) as store:
            with timer() as t:
                store.bulk_add(q for _, quads in docs for q in quads)
                store.flush()
            section.add("bulk path: bulk_add of the quads (ingest --bulk)", round(n_quads / t["s"]), "quads/s", note=f"{t['s']:.1f} s")
        size = _dir_size(location)
        section.add("on-disk size after bulk load (closed)", round(size / 2**20, 1), "MiB", note=f"{size / n_quads:.0f} bytes/quad")

        nq = os.path.join(work, "graph.nq")
        with open(nq, "wb") as fh:
            ox.serialize((q for _, quads in docs for q in quads), fh, ox.RdfFormat.N_QUADS)
        section.add("N-Quads file", round(os.path.getsize(nq) / 2**20, 1), "MiB")
        del docs
        gc.collect()
        location = os.path.join(work, "bulkfile")
        store = ox.Store(location)
        with timer() as t:
            store.bulk_load(path=nq, format=ox.RdfFormat.N_QUADS)
            store.flush()
        section.add("Oxigraph bulk_load of the N-Quads file", round(n_quads / t["s"]), "quads/s", note=f"{t['s']:.1f} s")
        del store

        # rdflib in memory, same file
        gc.collect()
        before = _rss_mb()
        dataset = rdflib.Dataset()
        with timer() as t:
            dataset.parse(nq, format="nquads")
        grown = _rss_mb() - before
        section.add("rdflib Dataset.parse of the N-Quads file (memory)", round(n_quads / t["s"]), "quads/s", note=f"{t['s']:.1f} s")
        section.add("rdflib memory growth", round(grown), "MiB", note=f"{grown * 2**20 / n_quads:.0f} bytes/quad; peak RSS {peak_rss_mb():.0f} MiB")
        del dataset
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return section


if __name__ == "__main__":
    print(run(quick="--quick" in sys.argv).markdown())
