#!/usr/bin/env bash
# Starts a private CUPS scheduler in DIR (its own socket, spool and logs: the
# machine's CUPS is untouched) with one printer, "guichet-test", whose file backend
# writes every job to DIR/out/printed.pdf. Prints the CUPS_SERVER to use and the
# scheduler's pid. Used by tests/e2e/festival.test.mjs; needs the cups package.
#   scripts/cups-test-printer.sh /tmp/cups-test   →   CUPS_SERVER=/tmp/cups-test/cups.sock PID=1234
set -euo pipefail
dir=${1:?usage: cups-test-printer.sh DIR}
here=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$dir"/{root,spool,cache,state,log,tmp,out}
# The filters run as the lp user: they must reach the spool through DIR.
chmod 755 "$dir"
chmod 777 "$dir/out" "$dir/tmp"
cat > "$dir/root/cups-files.conf" <<CONF
SystemGroup root lpadmin
FileDevice Yes
ServerRoot $dir/root
RequestRoot $dir/spool
CacheDir $dir/cache
StateDir $dir/state
TempDir $dir/tmp
AccessLog $dir/log/access_log
ErrorLog $dir/log/error_log
PageLog $dir/log/page_log
CONF
cat > "$dir/root/cupsd.conf" <<CONF
Listen $dir/cups.sock
LogLevel warn
WebInterface No
Browsing No
<Location />
  Order allow,deny
  Allow all
</Location>
<Location /admin>
  Order allow,deny
  Allow all
</Location>
CONF
cupsd -c "$dir/root/cupsd.conf" -s "$dir/root/cups-files.conf" -f >"$dir/log/cupsd.out" 2>&1 &
pid=$!
export CUPS_SERVER="$dir/cups.sock"
for _ in $(seq 50); do [ -S "$CUPS_SERVER" ] && break; sleep 0.1; done
# A PPD whose only filter copies the PDF through: the file backend gets the PDF itself.
lpadmin -p guichet-test -E -v "file://$dir/out/printed.pdf" -P "$here/tests/e2e/fixtures/guichet-test.ppd" 2>/dev/null
echo "CUPS_SERVER=$CUPS_SERVER PID=$pid"
