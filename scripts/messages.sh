#!/usr/bin/env bash
# Extract and compile translations of one app (or all): scripts/messages.sh [APP ...]
# Each app keeps its catalogue in auyl/<app>/locale/{kk,ru}/LC_MESSAGES/django.po; English is the source text.
# After extracting, translate every empty msgstr (Kazakh and Russian), then run this again to compile .mo files.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DJANGO_ADMIN="$ROOT/.venv/bin/django-admin"
export AUYL_DATA_DIR="${AUYL_DATA_DIR:-$ROOT/var}"
apps=("$@")
if [ ${#apps[@]} -eq 0 ]; then
  apps=(); for dir in auyl/*/; do [ -f "$dir/apps.py" ] && apps+=("$(basename "$dir")"); done
fi
for app in "${apps[@]}"; do
  dir="auyl/$app"
  mkdir -p "$dir/locale"
  (cd "$dir" && DJANGO_SETTINGS_MODULE=auyl.settings "$DJANGO_ADMIN" makemessages -l kk -l ru --no-location \
     --no-obsolete -i 'tests/*' -i 'migrations/*' >/dev/null)
  (cd "$dir" && DJANGO_SETTINGS_MODULE=auyl.settings "$DJANGO_ADMIN" compilemessages >/dev/null 2>&1 || true)
  empty=$(for po in "$dir"/locale/*/LC_MESSAGES/django.po; do
      [ -f "$po" ] && { msgattrib --untranslated "$po"; msgattrib --only-fuzzy "$po"; } 2>/dev/null \
        | grep -c '^msgid "[^"]' || true; done | paste -sd+ | bc)
  echo "$app: ${empty:-0} untranslated or fuzzy message(s)"
done
