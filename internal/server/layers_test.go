package server_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestLayers keeps the imports pointing one way: cmd → server → web → app
// → store, jobs → app, within app from the rules down through its rooms
// (account → fed → localurl, apperr), and federation importing nothing of
// ours; inside the web admin, the router (internal/web/admin) → its pages'
// packages → ui, the pages' packages never importing one another, and
// likewise for the public pages (internal/web/pages → seriespage… →
// pageui). It reads
// the packages' own imports, not their tests'.
func TestLayers(t *testing.T) {
	t.Parallel()
	const mod = "github.com/gather-coop/gather/"
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, mod+"...").CombinedOutput()
	require.NoError(t, err, string(out))

	forbidden := []struct{ pkg, imports string }{
		{"federation", "internal/"},
		{"federation", "cmd/"},
		{"internal/model", "internal/"},
		// The doctor reads the instance through its own Source, so an
		// admin page (in web, which must not reach the store) can run it.
		{"internal/doctor", "internal/"},
		{"internal/store", "internal/app"},
		{"internal/store", "internal/jobs"},
		{"internal/store", "internal/web"},
		{"internal/store", "internal/server"},
		{"internal/app", "internal/web"},
		{"internal/app", "internal/jobs"},
		{"internal/app", "internal/server"},
		{"internal/app", "internal/store/sqlite"},
		{"internal/app", "internal/store/postgres"},
		{"internal/app", "internal/store/sqlstore"},
		{"internal/jobs", "internal/web"},
		{"internal/jobs", "internal/server"},
		{"internal/web", "internal/jobs"},
		{"internal/web", "internal/server"},
		// Recurrence is arithmetic on dates: it knows no store or app.
		{"internal/recur", "internal/"},
		// The web layer speaks app's error vocabulary (internal/app/errors.go)
		// and reaches the database only through App: not even store's
		// sentinels, nor its backends. Tests may still build fixtures with it.
		{"internal/web", "internal/store"},
		// The shared queries see no driver: each backend maps its own.
		{"internal/store/sqlstore", "github.com/jackc/"},
		{"internal/store/sqlstore", "database/sql"},
		{"internal/store/sqlstore", "modernc.org/"},
	}
	// federation, the vocabulary core, imports only these of its own
	// sub-packages: the objects built on it (asevent) import it, never
	// the other way round. The tests' shared checks (fedcheck) are
	// imported by tests alone.
	coreMayImport := []string{"federation/internal/wire", "federation/jsonvalue"}
	// internal/app's rooms, and what each may import of ours besides
	// federation/: only rooms below it, never package app, which holds
	// them together. A new room must add its line.
	allowed := map[string][]string{
		"internal/app/apperr":    {"internal/store"},
		"internal/app/picture":   {"internal/app/apperr", "internal/model"},
		"internal/app/localurl":  {},
		"internal/app/event":     {"internal/app/localurl", "internal/model"},
		"internal/app/input":     {"internal/app/apperr", "internal/model"},
		"internal/app/abuse":     {"internal/app/account", "internal/app/apperr", "internal/app/fed", "internal/app/followers", "internal/app/localurl", "internal/model", "internal/store"},
		"internal/app/profile":   {"internal/app/account", "internal/app/apperr", "internal/app/event", "internal/app/fed", "internal/app/input", "internal/app/localurl", "internal/app/picture", "internal/model", "internal/store"},
		"internal/app/account":   {"internal/app/apperr", "internal/app/fed", "internal/app/localurl", "internal/model", "internal/store"},
		"internal/app/followers": {"internal/app/account", "internal/app/apperr", "internal/app/fed", "internal/app/localurl", "internal/model", "internal/store"},
		"internal/app/docs":      {"internal/app/account", "internal/app/apperr", "internal/app/event", "internal/app/localurl", "internal/app/rsvp", "internal/model", "internal/store"},
		"internal/app/inbox":     {"internal/app/abuse", "internal/app/apperr", "internal/app/event", "internal/app/fed", "internal/app/followers", "internal/app/localurl", "internal/app/rsvp", "internal/app/standing", "internal/model", "internal/store"},
		"internal/app/netcal":    {"internal/app/localurl", "internal/model", "internal/store"},
		"internal/app/standing":  {"internal/app/apperr", "internal/app/fed", "internal/app/localurl", "internal/app/rsvp", "internal/model", "internal/store"},
		"internal/app/notice":    {"internal/app/event", "internal/app/fed", "internal/app/localurl", "internal/app/rsvp", "internal/model", "internal/store"},
		"internal/app/reminder":  {"internal/app/event", "internal/app/localurl", "internal/app/notice", "internal/model", "internal/store"},
		"internal/app/myday":     {"internal/app/apperr", "internal/app/event", "internal/app/localurl", "internal/app/notice", "internal/model", "internal/store"},
		"internal/app/rsvp":      {"internal/app/account", "internal/app/apperr", "internal/app/event", "internal/app/fed", "internal/app/localurl", "internal/model", "internal/store"},
		"internal/app/fed":       {"internal/app/apperr", "internal/app/localurl", "internal/model", "internal/store"},
		"internal/app/network":   {"internal/app/account", "internal/app/apperr", "internal/app/fed", "internal/app/followers", "internal/app/localurl", "internal/model", "internal/store"},

		// The gatherings' rooms.
		"internal/app/gathering":   {"internal/app/account", "internal/app/apperr", "internal/app/docs", "internal/app/event", "internal/app/facilitator", "internal/app/fed", "internal/app/input", "internal/app/localurl", "internal/app/notice", "internal/app/poll", "internal/app/profile", "internal/app/reminder", "internal/app/rsvp", "internal/model", "internal/store"},
		"internal/app/facilitator": {"internal/app/apperr", "internal/app/fed", "internal/app/input", "internal/model", "internal/store"},
		"internal/app/series":      {"internal/app/account", "internal/app/apperr", "internal/app/gathering", "internal/app/input", "internal/app/localurl", "internal/model", "internal/recur", "internal/app/reminder", "internal/store"},
		"internal/app/poll":        {"internal/app/docs", "internal/app/event", "internal/app/fed", "internal/app/localurl", "internal/app/rsvp", "internal/model", "internal/store"},
	}
	checked := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := strings.TrimPrefix(fields[0], mod)
		for _, imp := range fields[1:] {
			imp = strings.TrimPrefix(imp, mod)
			for _, rule := range forbidden {
				if (pkg == rule.pkg || strings.HasPrefix(pkg, rule.pkg+"/")) && strings.HasPrefix(imp, rule.imports) {
					t.Errorf("%s imports %s: it must not import %s", pkg, imp, rule.imports)
				}
			}
			if pkg == "federation" && strings.HasPrefix(imp, "federation/") && !slices.Contains(coreMayImport, imp) {
				t.Errorf("federation imports %s: the core imports only %v of its sub-packages", imp, coreMayImport)
			}
			if imp == "federation/internal/fedcheck" {
				t.Errorf("%s imports %s: only tests may", pkg, imp)
			}
			if !pagePackageImportAllowed(pkg, imp, "internal/web/admin", "internal/web/admin/ui") {
				t.Errorf("%s imports %s: the admin's pages' packages share only internal/web/admin/ui, and ui imports none of them", pkg, imp)
			}
			if !pagePackageImportAllowed(pkg, imp, "internal/web/pages", "internal/web/pages/pageui") {
				t.Errorf("%s imports %s: the public pages' packages share only internal/web/pages/pageui, and pageui imports none of them", pkg, imp)
			}
		}
		if strings.HasPrefix(pkg, "internal/app/") {
			if _, listed := allowed[pkg]; !listed {
				t.Errorf("%s is a new room of internal/app: say in this test what it may import", pkg)
			}
		}
		if ok, rooms := allowed[pkg]; rooms {
			for _, imp := range fields[1:] {
				rest, ours := strings.CutPrefix(imp, mod)
				if !ours || strings.HasPrefix(rest, "federation") || slices.Contains(ok, rest) {
					continue
				}
				t.Errorf("%s imports %s: it may import only %v of ours", pkg, rest, ok)
			}
		}
		checked++
	}
	require.Greater(t, checked, 10, "go list found the packages")
}

// pagePackageImportAllowed reports whether pkg may import imp as far as
// the packages under router go, for the web admin (internal/web/admin, its
// ui) and the public pages (internal/web/pages, its pageui) alike: the
// router imports them all, each page package (gatherings, signups,
// seriespage…) imports only ui, and ui none of them.
func pagePackageImportAllowed(pkg, imp, router, ui string) bool {
	under := func(p string) bool { return p == router || strings.HasPrefix(p, router+"/") }
	switch {
	case !under(pkg) || !under(imp) || pkg == router:
		return true
	case pkg == ui || strings.HasPrefix(pkg, ui+"/"):
		return false
	default:
		return imp == ui
	}
}
