"""The file listing of `restic backup --verbose=2` that fills bench/generate-log's runs: line pools
built once per log from paths where a share of the names carry words the rules look for."""


USERS = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"]
PROJECTS = ["webshop", "resticlint", "photo-sorter", "infra", "thesis", "kernel-patches", "game",
            "dotfiles", "api-gateway", "ml-experiments", "blog", "home-automation"]
SRC_DIRS = ["src", "lib", "internal/store", "cmd/server", "pkg/http", "tests", "docs", "assets/img",
            "vendor/github.com/x/y", "scripts", "build/logs"]
TRICKY_DIRS = ["src/errors", "test/failed_cases", "error-tracker/src", "failed-builds-archive"]
EXTS = ["go", "py", "swift", "rs", "md", "json", "yaml", "c", "h", "txt", "png", "jpg", "log", "html", "ts"]
# Names that contain words the catch-all rules look for; in a file listing they must stay harmless.
TRICKY_NAMES = ["error.go", "errors.py", "error_handler.swift", "failed-jobs.txt", "failed_uploads.csv",
                "error.log", "error.log.1", "test_failed_login.py", "fatal-error-report.pdf",
                "retry_failed_requests.go", "ErrorBoundary.tsx", "errors.html", "failure-modes.md",
                "lock-error-notes.txt", "503-error.html", "rate-limit.conf", "slow-queries.log"]
# --listing-heavy: names a log collector, a CI cache or a package tree is full of.
HEAVY_NAMES = TRICKY_NAMES + ["nginx/error.log", "php-fpm/error.log.2.gz", "failed-uploads/batch_7.json",
                              "Fatal-crash-2024-03-01.dmp", "FatalErrorReport.txt", "package-lock.json", "yarn.lock",
                              "Cargo.lock", "poetry.lock", ".terraform.lock.hcl", "lockfile.pid", "deploy.lock",
                              "test-results/failed/junit.xml", "errors/2024/10/err_500.html"]
OTHER_TREES = ["/home/{u}/Documents/{y}/invoice_{n}.pdf", "/home/{u}/Photos/{y}/IMG_{n}.jpg",
               "/home/{u}/.config/app{m}/settings_{n}.json", "/srv/www/site{m}/page_{n}.html",
               "/var/lib/postgresql/15/main/base/{n}/{m}", "/home/{u}/Music/album_{m}/track_{n}.flac",
               "/var/log/app{m}/app.log.{n}.gz"]


def size_text(rng, lo_kib, hi_kib):
    kib = rng.uniform(lo_kib, hi_kib)
    if kib < 1:
        return f"{int(kib * 1024)} B"
    if kib < 1024:
        return f"{kib:.3f} KiB"
    if kib < 1024 * 1024:
        return f"{kib / 1024:.3f} MiB"
    return f"{kib / 1024 / 1024:.3f} GiB"


def make_path(rng, tricky=0.02, names=TRICKY_NAMES):
    """A listed path; a share `tricky` of file names come from `names` (words rules look for)."""
    u = rng.choice(USERS)
    r = rng.random()
    if r < 0.55:
        sub = rng.choice(TRICKY_DIRS) if rng.random() < 0.01 else rng.choice(SRC_DIRS)
        d = f"/home/{u}/projects/{rng.choice(PROJECTS)}/{sub}"
        if rng.random() < tricky:
            name = rng.choice(names)
        else:
            name = f"file_{rng.randrange(100000)}.{rng.choice(EXTS)}"
        return f"{d}/{name}", d
    tmpl = rng.choice(OTHER_TREES)
    p = tmpl.format(u=u, y=rng.randrange(2015, 2025), n=rng.randrange(100000), m=rng.randrange(40))
    if rng.random() < tricky:
        p = p.rsplit("/", 1)[0] + "/" + rng.choice(names)
    return p, p.rsplit("/", 1)[0]


def build_text_pool(rng, n, paths):
    """Listing lines of `backup --verbose=2`: mostly unchanged files, some new and modified ones, dirs."""
    pool = []
    for _ in range(n):
        path, d = paths(rng)
        r = rng.random()
        t = f"{rng.uniform(0.001, 0.09):.3f}s"
        if r < 0.66:
            pool.append(f"unchanged {path}")
        elif r < 0.80:
            added = size_text(rng, 0.5, 3000)
            pool.append(f"modified  {path}, saved in {t} ({added} added, {size_text(rng, 0.2, 900)} stored)")
        elif r < 0.95:
            pool.append(f"new       {path}, saved in {t} ({size_text(rng, 0.1, 5000)} added)")
        else:
            verb = "modified " if rng.random() < 0.8 else "new      "
            pool.append(f"{verb} {d}/, saved in {t} (0 B added, 0 B stored, {rng.randrange(300, 9000)} B metadata)")
    return pool


def build_json_pool(rng, n, paths):
    pool = []
    for _ in range(n):
        path, d = paths(rng)
        r = rng.random()
        if r < 0.66:
            action, item, dur, size, repo, meta = "unchanged", path, "0", 0, 0, 0
        elif r < 0.95:
            action = "modified" if r < 0.80 else "new"
            item, dur = path, f"{rng.uniform(0.0005, 0.09):.9f}"
            size = rng.randrange(100, 5_000_000)
            repo, meta = size // rng.randrange(2, 6), 0
        else:
            action, item, dur, size, repo = "modified", d + "/", f"{rng.uniform(0.001, 0.01):.9f}", 0, 0
            meta = rng.randrange(300, 9000)
        pool.append('{"message_type":"verbose_status","action":"%s","item":"%s","duration":%s,"data_size":%d,'
                    '"data_size_in_repo":%d,"metadata_size":%d,"metadata_size_in_repo":%d,"total_files":0}'
                    % (action, item, dur, size, repo, meta, meta // 2))
    return pool
