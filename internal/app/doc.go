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
package app
