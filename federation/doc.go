// Package federation speaks ActivityStreams for Gather: it builds the
// documents Gather serves and sends, and reads the ones other servers send
// it. It is pure (no network, no clock, no storage) and imports nothing of
// Gather's, so any Go program may use it.
//
// # Writing
//
// Every document carries one @context, [ContextJSON], which declares each
// extension term Gather uses (Mastodon's, Mobilizon's, FEP-8a8e's and
// schema.org's). Our actors are encoded by [ActorJSON]; gatherings and
// sessions by the sub-package asevent (its EventJSON, and the summary
// line Mastodon shows) and their RSVP polls (its QuestionJSON);
// announcements and direct confirmations by [NoteJSON]; the activities of
// the federation core by [Create], [Accept], [Reject], [Follow], [Undo],
// [Update] and [Delete]; collections by [OrderedCollection] and
// [OrderedCollectionPage]. Lists that receivers expect as arrays (to, cc,
// tag, attachment, orderedItems) are always arrays. Serve and send them as
// [ContentType].
//
// # Reading
//
// Remote servers disagree on shapes: a lone value or a list, an IRI or an
// embedded object. Every reader here accepts each form and fails with an
// error wrapping [ErrMalformed] when a required property is missing.
//
//   - [DecodeActivity] reads an incoming activity's envelope cheaply,
//     without go-fed, so an inbox can verify, store and answer at once;
//   - [ParseActor] reads a fetched actor;
//   - [ParseKeyDocument] reads whatever a signature's keyId resolves to;
//   - [ParseNote] reads a reply, a poll vote or an edit of either, embedded
//     in a Create or Update (Activity.Objects holds each one);
//   - the sub-package remoteevent reads the Events other servers publish
//     (Gather, Gancio, Mobilizon), and their outboxes, for the network
//     calendar.
//
// # Data flows
//
// An activity arriving at an inbox:
//
//	POST /inbox ──► IsActivityStreamsContentType ──► DecodeActivity (envelope)
//	    ──► verify signature: keyId ─fetch─► ParseKeyDocument / ParseActor,
//	        key owner == Activity.Actor
//	    ──► store Activity.Raw + enqueue, answer 202
//	    ──► worker: dispatch on Activity.Type; Object.Activity() for an
//	        embedded Follow; Accept(...) back to the follower's inbox
//
// A co-op actor being discovered and followed:
//
//	acct:events@coop.example ─► webfinger (federation/webfinger)
//	    ─► GET actor, WantsActivityStreams ─► ActorJSON
//	    ─► Follow arrives ─► DecodeActivity ─► Accept ─► delivered, signed
//
// The pieces several objects carry (hashtags, mentions, links, images,
// times written to the second) and their encodings live in
// federation/internal/wire, so that asevent builds on them as this
// package does; the types are named here too ([Mention], [Hashtag],
// [Link], [Image]).
//
// The package writes and reads with its own types and encoding/json; it
// does not import go-fed. Only its tests do: they read what it writes
// with go-fed's streams vocabulary, an independent typed reader, to check
// that it is ActivityStreams others can parse.
package federation
