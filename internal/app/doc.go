// Package app is where Gather's rules live: who may do what, what a change
// means, and what must federate because of it. HTTP handlers and job
// workers translate into calls on App; App reads and writes through
// store.Store and never touches HTTP.
//
// A change that must reach other servers is written, together with the
// job that will deliver it, in one store transaction:
//
//	organiser → App method → store.InTx { rows; Tx.Enqueue(deliver) } → worker signs and POSTs
//
// An incoming activity is stored and its processing job enqueued in one
// transaction before the inbox answers 202; the worker then calls App:
//
//	POST /inbox → verify signature → store.InTx { raw activity; Enqueue(process) } → 202 → worker → App
//
// Who may do what is decided here too (access.go): the web layer puts who
// a request acts for in its context, and each method that reads or
// changes a co-op account's things checks it before anything else:
//
//	request → Anonymous, or WithPrincipal(user, scope) → App method → account.Authorize(co-op account, read|write) → …
//
// What can go wrong, as callers may tell it apart, is in errors.go: the
// sentinels and typed errors App returns (wrapped), the store's among
// them, so that the web layer maps failures to statuses without knowing
// the store (internal/web/respond.Classify). Every public address App
// mints, and every reading of one back, is in urls.go.
package app
