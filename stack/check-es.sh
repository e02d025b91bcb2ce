#!/usr/bin/env bash
# Smoke check of the local Elasticsearch node: root endpoint + product header, and the analysis components of the
# local-compat plugin on a throw-away index (created and deleted again).  usage: stack/check-es.sh
set -euo pipefail
ES_URL="http://127.0.0.1:${ES_PORT:-9200}"
IDX="stackcheck-$$"
fail() { echo "FAIL: $*" >&2; curl -s -XDELETE "$ES_URL/$IDX" >/dev/null 2>&1 || true; exit 1; }
ok() { echo "ok   $*"; }
json() { curl -sS -H 'content-type: application/json' "$@"; }
tokens() { # analyzer text -> space separated terms
  json -XPOST "$ES_URL/$IDX/_analyze?filter_path=tokens.token" -d "{\"analyzer\":\"$1\",\"text\":\"$2\"}" |
    grep -o '"token":"[^"]*"' | cut -d'"' -f4 | tr '\n' ' ' | sed 's/ $//'
}
expect_tokens() { local got; got="$(tokens "$1" "$2")"; [[ "$got" == "$3" ]] || fail "$1('$2') = [$got], want [$3]"; ok "$1('$2') -> $got"; }

curl -sI "$ES_URL/" | grep -qi '^X-elastic-product: Elasticsearch' || fail "HEAD / lacks X-elastic-product"
ok "HEAD / has X-elastic-product: Elasticsearch"
ver="$(curl -s "$ES_URL/" | sed -n 's/.*"number" *: *"\([^"]*\)".*/\1/p')"
[[ -n "$ver" ]] || fail "GET / has no version.number"
ok "GET / version $ver"

json -XPUT "$ES_URL/$IDX" -d '{"settings":{"number_of_replicas":0,"analysis":{
  "filter":{"autocomplete_filter":{"type":"edge_ngram","min_gram":2,"max_gram":20},
            "english_stemmer":{"type":"stemmer","language":"english"},
            "syn":{"type":"synonym_graph","synonyms":["tv, television","laptop, notebook"]},
            "syn_file":{"type":"synonym_graph","synonyms_path":"analysis/synonyms.txt"}},
  "analyzer":{"text_en":{"type":"custom","tokenizer":"standard","filter":["lowercase","asciifolding","english_stemmer"]},
              "text_en_search":{"type":"custom","tokenizer":"standard","filter":["lowercase","asciifolding","syn","english_stemmer"]},
              "autocomplete":{"type":"custom","tokenizer":"standard","filter":["lowercase","asciifolding","autocomplete_filter"]},
              "wdg":{"type":"custom","tokenizer":"whitespace","filter":["word_delimiter_graph","lowercase"]},
              "from_file":{"type":"custom","tokenizer":"standard","filter":["lowercase","syn_file"]}}}},
  "mappings":{"properties":{"title":{"type":"text","analyzer":"text_en","search_analyzer":"text_en_search",
     "fields":{"ac":{"type":"text","analyzer":"autocomplete","search_analyzer":"standard"},"keyword":{"type":"keyword"}}},
     "body":{"type":"text","analyzer":"english"}}}}' | grep -q '"acknowledged":true' || fail "create index $IDX"
ok "created $IDX (custom analyzers, english analyzer)"

expect_tokens text_en "Running Laptops at the Café" "run laptop at the cafe"
expect_tokens text_en_search "cheap TV laptop" "cheap televis tv notebook laptop"
expect_tokens autocomplete "Télé" "te tel tele"
expect_tokens wdg "PowerShot-500" "power shot 500"
expect_tokens english "The quick foxes are running" "quick fox run"
expect_tokens from_file "notebook" "laptop notebook"

json -XPOST "$ES_URL/$IDX/_doc?refresh=true" -d '{"title":"Running laptops","body":"Cheap televisions"}' >/dev/null
hits="$(json -XPOST "$ES_URL/$IDX/_search?filter_path=hits.total.value" -d '{"query":{"match":{"title":"notebook"}}}')"
[[ "$hits" == *'"value":1'* ]] || fail "search title:notebook via synonyms: $hits"
ok "search title:notebook finds 'Running laptops' (synonym + stemming)"

curl -s -XDELETE "$ES_URL/$IDX" | grep -q '"acknowledged":true' || fail "delete $IDX"
ok "deleted $IDX"
