"""Exports, import and search for `make bench`: time and peak Python memory, in process."""

import gc
import statistics
import time
import tracemalloc

# New queries, varied: one word, several, a phrase, an exclusion, a rare word, a stop word.
SEARCH_QUERIES = {
    "en": (
        "stakeholder",
        "power interest grid",
        '"ground rules"',
        "meeting -agenda",
        "budget",
        "conflict resolution",
        "the",
    ),
    "fr": ("acteurs", "règles de base", "réunion", "conflit", "budget du dialogue"),
    "es": ("reglas básicas", "actores", "reunión", "conflicto", "presupuesto"),
    "ar": ("أصحاب المصلحة", "القواعد", "اجتماع", "الحوار"),
}


def measure(function, cleanup=None):
    """Seconds of one run, then peak Python memory (tracemalloc) of a second run."""
    gc.collect()
    started = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - started
    if cleanup:
        cleanup()
    gc.collect()
    tracemalloc.start()
    function()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    if cleanup:
        cleanup()
    return {"seconds": round(seconds, 3), "peak_mib": round(peak / 1024 / 1024, 2), **result}


def data_measurements(objects):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import translation

    from dialogues.models import Label, Stakeholder
    from dialogues.portability import spreadsheet_export as exports
    from dialogues.portability import spreadsheet_import as imports
    from dialogues.portability.export import export_dialogue_stream
    from dialogues.selectors.stakeholders import stakeholders_register
    from dialogues.services.stakeholders import stakeholders_import

    translation.activate("en")
    columns = exports.available_columns(include_contacts=True)
    results = {"exports": [], "import": None, "search": []}

    def csv_export(dialogue):
        def run():
            writer = exports.Writer(columns)
            queryset = stakeholders_register(dialogue)
            size = sum(len(chunk.encode()) for chunk in exports.csv_chunks(writer, queryset))
            return {"bytes": size}

        return run

    def xlsx_export(dialogue):
        def run():
            writer = exports.Writer(columns)
            queryset = stakeholders_register(dialogue)
            output = exports.xlsx_file(writer, queryset, title="Stakeholders")
            size = output.seek(0, 2)
            output.close()
            return {"bytes": size}

        return run

    def json_export(dialogue):
        def run():
            size = sum(len(piece.encode()) for piece in export_dialogue_stream(dialogue))
            return {"bytes": size}

        return run

    for dialogue, count in ((objects["big"], 2000), (objects["huge"], 20000)):
        for file_format, make in (
            ("csv", csv_export),
            ("xlsx", xlsx_export),
            ("json", json_export),
        ):
            row = {"format": file_format, "stakeholders": count, **measure(make(dialogue))}
            results["exports"].append(row)
            print(f"  export {file_format} {count}: {row['seconds']} s, {row['peak_mib']} MiB")

    # Import: the CSV export of the large dialogue's 2,000 stakeholders, into an empty dialogue.
    writer = exports.Writer(columns)
    csv_bytes = "".join(exports.csv_chunks(writer, stakeholders_register(objects["big"]))).encode()
    target, user = objects["import_target"], objects["user"]

    def import_rows():
        upload = SimpleUploadedFile("stakeholders.csv", csv_bytes, "text/csv")
        headers, rows = imports.read_table(upload)
        mapping = imports.guess_mapping(headers)
        checked = imports.validate_rows(dialogue=target, rows=rows, mapping=mapping)
        valid = [row.data for row in checked if row.is_valid]
        created = stakeholders_import(dialogue=target, user=user, rows=valid)
        return {"rows": len(rows), "created": created}

    def empty_target():
        Stakeholder.objects.filter(dialogue=target).delete()
        Label.objects.filter(dialogue=target).delete()

    empty_target()
    results["import"] = measure(import_rows, cleanup=empty_target)
    print(f"  import 2000 rows: {results['import']}")

    results["search"] = search_measurements()
    return results


def search_measurements():
    """Each query new to the process (search keeps nothing): wall and CPU time, 5 runs each."""
    from django.contrib.auth.models import AnonymousUser
    from django.utils import translation

    from content.search import search_toolkit

    measured = []
    for language, queries in SEARCH_QUERIES.items():
        for query in queries:
            wall, cpu = [], []
            with translation.override(language):
                for _n in range(5):
                    started, started_cpu = time.perf_counter(), time.process_time()
                    outcome = search_toolkit(query, user=AnonymousUser(), language=language)
                    wall.append((time.perf_counter() - started) * 1000)
                    cpu.append((time.process_time() - started_cpu) * 1000)
            measured.append(
                {
                    "language": language,
                    "query": query,
                    "first_ms": round(wall[0], 2),
                    "p50_ms": round(statistics.median(wall), 2),
                    "cpu_p50_ms": round(statistics.median(cpu), 2),
                    "results": len(outcome.results),
                }
            )
    return measured
