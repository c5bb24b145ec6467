"""Page render times in AppTest (the app's own code, headless): the app's imports, then per page cold (fresh
caches, imports done) and cached.

python bench/pages.py [--store STORE]   (default: the bundled sample; SYNTHETIC stores say so)
"""

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PAGES = [("Overview", None, {}), ("Edition profile", "pages/edition.py", {"edition": "hr"}),
         ("Regions", "pages/regions.py", {"editions": "hr,en"}), ("Data quality", "pages/quality.py", {}),
         ("Worklist", "pages/worklist.py", {"edition": "hr"}), ("Queries & data", "pages/queries.py", {})]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", help="a store directory (GAPKIT_STORE)")
    args = parser.parse_args()
    if args.store:
        os.environ["GAPKIT_STORE"] = args.store
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    started = time.perf_counter()
    import ui  # noqa: F401 - what a server's first page open imports (altair, pandas, duckdb, the library)

    print(f"imports of the app (ui.py and its imports, Streamlit loaded): {time.perf_counter() - started:.3f} s")
    print(f"store: {args.store or 'bundled sample'} | page | cold_s | cached_s | errors")
    for title, page, params in PAGES:
        st.cache_data.clear()
        st.cache_resource.clear()  # figures are kept there
        times = []
        for _ in range(2):  # the first run fills the caches; the second is what a returning visitor waits
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=900)
            if page:
                at.switch_page(page)
            at.query_params.update(params)
            started = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - started)
        errors = [e.value for e in at.error] + [str(e.value) for e in at.exception]
        print(f"| {title} | {times[0]:.3f} | {times[1]:.3f} | {'; '.join(errors) or '-'}", flush=True)
    print(f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB")


if __name__ == "__main__":
    main()
