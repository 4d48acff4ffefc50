// Package e2e holds the end-to-end tests and benchmarks of Gather: whole
// instances (servertest.Start) talking to fake Mastodon, GoToSocial,
// Mobilizon and Gancio servers (federation/fedtest), checked
// as those servers' users would see the result: what followers receive
// and read, RSVPs counted, waitlists, changes told, deletions carried
// through, on both databases. It has no code of its own; the handlers'
// own tests stay with them (internal/web/ap), the rules' with internal/app.
//
// The README's benchmarks run from here, e.g.
//
//	go test -run '^$' -bench RSVPByReply -benchtime 1x -count 3 ./internal/e2e/
package e2e
