#!/bin/sh
# tests/fuzz/seeds.sh OUT TARGET...: writes the seed corpus of each fuzz
# target into OUT/TARGET/ from what the repository holds (content/,
# tests/regress/parse/, site.conf, templates/, and ../shared/corpus/ when
# present), plus a few small pathological pages from tests/pathological/.
# Nothing here is committed: the seeds are made again on every run.
set -e
out=$1
shift
for t in "$@"; do
	rm -rf "$out/$t"
	mkdir -p "$out/$t"
	case $t in
	issue)
		for f in content/*.txt tests/regress/parse/*.txt ../shared/corpus/*.txt; do
			[ -f "$f" ] && cp "$f" "$out/$t/$(echo "$f" | tr / _)"
		done
		if command -v python3 >/dev/null; then
			python3 tests/pathological/gen.py --list | cut -f1 | while read -r c; do
				python3 tests/pathological/gen.py "$c" 12 "$out/$t/patho-$c.txt"
			done
		fi
		;;
	frontmatter)
		# First line the file name, then the front matter's keys.
		for f in content/*.txt tests/regress/parse/*.txt; do
			[ -f "$f" ] || continue
			{ basename "$f"; sed -n '2,12p' "$f" | sed '/^---/,$d'; } \
			    >"$out/$t/$(echo "$f" | tr / _)"
		done
		printf '第三版 要闻.txt\ndate: 2025-02-29\npage: 0x10\nedition: 要闻\n' >"$out/$t/odd"
		;;
	conf)
		for f in site.conf tests/regress/site.conf; do
			[ -f "$f" ] && cp "$f" "$out/$t/$(echo "$f" | tr / _)"
		done
		;;
	fix)
		for f in content/*.fix; do
			[ -f "$f" ] || continue
			cp "$f" "$out/$t/$(basename "$f")"
			{ cat "${f%.fix}.txt"; printf '\n%%%%\n'; cat "$f"; } \
			    >"$out/$t/$(basename "$f").with-page"
		done
		printf 'split 7\njoin 9\nbefore 13 11\ntitle 7 新标题\nkind 7 photo\nregion 7 江苏省 苏州市 昆山市\ntopics 7 -\nauthor 7 方知远 reporter\nfurniture 25\n' \
		    >"$out/$t/all-ops"
		;;
	tmpl)
		for f in templates/*.html templates/partials/*.html; do
			[ -f "$f" ] && cp "$f" "$out/$t/$(echo "$f" | tr / _)"
		done
		;;
	*)
		echo "seeds.sh: unknown target $t" >&2
		exit 2
		;;
	esac
done
