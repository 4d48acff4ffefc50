// Package app is where Gather's rules live: what a change to a gathering,
// a session or an answer means, and what must federate because of it.
// HTTP handlers and job workers translate into calls on App; App reads and
// writes through store.Store and never touches HTTP.
//
// App is also the one door the web layer and the jobs knock on: the rooms
// below it (the inbox, answers, reports, followers and blocks, accounts,
// federation plumbing, Events, what organisers write, pictures, our URLs,
// the error vocabulary) are held by App and passed on under the names
// callers always used, so that a caller needs only app. Where does a
// change go:
//
//	internal/app           the facade (gatherings.go, accounts.go, follows.go, abuse.go,
//	                       rsvp.go, inbox.go, docs.go, federation.go…) passing on the
//	                       rooms' methods; what spans rooms: the dashboard, the public
//	                       profile (views.go), the sign-ups page's comments (signups.go),
//	                       the audit log's page (audit.go)
//	internal/app/gathering the gatherings themselves: a gathering created, edited, published,
//	                       (gathering.go), cancelled or deleted (cancel.go), its sessions (sessions.go),
//	                       what must federate because of it (the Event, the session's
//	                       one post, the Delete in retract.go) and what a change says
//	                       (describe.go), a facilitator's or co-host's later look-up
//	                       recorded (lookup.go), its co-hosts credited, sent and told
//	                       (cohosts.go), the count Update an answer scheduled
//	                       (event_update.go), what an edit records in the audit log
//	                       (audit.go), the API's and import file's shape of a
//	                       gathering (output.go), the public pages' reads (public.go),
//	                       lightning talks and open-space topics placed, ordered and
//	                       declined, and proposed at the venue (proposals.go)
//	internal/app/poll      an event's RSVP poll: the Question with its counts, sent to
//	                       followers and served at its id; a gathering's slot polls
//	                       (one per time of side-by-side sessions taking sign-ups:
//	                       which are made, slots.go; sent, kept and served, slot_send.go)
//	internal/app/facilitator who runs a session: names and handles typed turned into
//	                       facilitators, each handle looked up by WebFinger (Resolve,
//	                       ResolveHandle), a gathering's co-hosts looked up the same way
//	                       (cohost.go), the look-up job's arguments and retry policy
//	                       (lookup.go)
//	internal/app/docs      what we serve about our events: each Event (and its cache, the
//	                       change stamp), replies, an actor's collections and outbox, the
//	                       activities we sent by id; ErrGone for what was deleted
//	internal/app/inbox     what other servers send us: Receive stores an activity with its
//	                       job, ProcessInbox routes it (routeOf, a pure table) to its
//	                       handler; reading a message as an answer (rsvp.go, mention.go,
//	                       intent.go), to the session it names or asking which
//	                       (sessionreply.go), or as a #lightning / #openspace proposal
//	                       (proposals.go), the processed mark
//	internal/app/notice    telling people of a change: a direct note to each who answered,
//	                       a public one to the other followers; the cancelled gathering's
//	                       note, once, to a late answer
//	internal/app/reminder  reminders: a direct note to each person going, a set time
//	                       before a gathering starts (its own offsets, its series', or
//	                       the default); one River job per start and offset, scheduled
//	                       when it is published or changed, sending nothing once it
//	                       moved or was cancelled; who was reminded recorded; and the
//	                       note with a series' new call link to those going (rotation)
//	internal/app/myday     "my day": on the morning of each day of a gathering (its own
//	                       time, 08:00 unless set), a direct note to each person with a
//	                       place in that day's sessions, listing them with rooms; one
//	                       River job per day with sessions, scheduled as reminders are
//	                       and on every session change, who was sent recorded by
//	                       day; the answer to a reply saying "my sessions" (answer.go,
//	                       given to the inbox as a function); the personal calendar's
//	                       unguessable address and what it holds
//	internal/app/rsvp      answers: one person's RSVP under the capacity rules (rsvp.go;
//	                       the pure capacity decision is decide.go), waitlists and
//	                       promotion, a gathering's answer kept in step with its sessions'
//	                       and double bookings (sessions.go), confirmations, answers to
//	                       one gathering batched into one transaction (batch.go), what
//	                       organisers do to answers (organisers.go) and see of them
//	                       (views.go)
//	internal/app/standing  standing RSVPs for a series ("I'll come to all of them"): made
//	                       or withdrawn by a reply to an occurrence, answering going for
//	                       each coming occurrence (quietly, one confirmation), and the
//	                       job that answers each new occurrence Fill makes
//	internal/app/netcal    the network calendar as anyone reads it: the upcoming events of
//	                       the co-ops we follow, by month, with their hosts and whether
//	                       each host can be reached; reads only
//	internal/app/abuse     reports both ways: ours (forwarded as a Flag), other servers'
//	                       Flags, the admins' list, hiding a comment
//	internal/app/followers followers and blocks: Follows from elsewhere, approving and
//	                       removing followers, finding an account, blocking accounts and
//	                       domains
//	internal/app/profile   a co-op account's profile, the instance settings, and the
//	                       documents that say who we are (actors, WebFinger, NodeInfo)
//	internal/app/network   the co-op network, how others' events get in: following a
//	                       source (Follow, Unfollow, List), its Accept or Reject, the
//	                       outbox backfill job and its retry policy (backfill.go), live
//	                       Events from sources and what is trusted (receive.go), others'
//	                       gatherings naming our accounts as co-hosts (cohosted.go); the
//	                       inbox offers it each activity first (a function from App.New)
//	internal/app/account   who is who and who may do what: co-op accounts, users,
//	                       memberships, sign-in and sessions, API tokens, the principal
//	                       and every access check, writing an audit entry
//	internal/app/fed       how an activity gets out and how a stranger is known:
//	                       delivery and its retry policy, hosts, signing keys, remote
//	                       actors and their keys, the blocked-domain and outbox caches
//	internal/app/event     a gathering or session as the Event we publish, and
//	                       Markdown made safe; pure
//	internal/app/input     what organisers write (the API's JSON, the import file) and
//	                       each field's checks; pure
//	internal/app/picture   uploaded pictures: checked, turned upright, cropped, re-encoded,
//	                       kept in the media folder; pure but for the folder
//	internal/app/localurl  every public address we mint, and reading ours back
//	internal/app/apperr    the failures callers tell apart (app re-exports them)
//
// The rooms import one way: app → gathering → inbox → abuse → followers
// → account → fed → localurl, apperr → store → model. Beside them:
// gathering over facilitator, poll, docs, notice, rsvp, profile, account,
// fed and the pure rooms; facilitator over fed and input; poll over docs,
// rsvp and fed; rsvp between inbox and account (over account, fed and event),
// notice over rsvp and fed, myday (as reminder) over notice, docs over
// rsvp and account, profile beside abuse (over account, fed and the pure rooms); event, input and picture
// need only localurl, apperr and model. A room that needs something from
// beside or above it (followers asking for BlockPerson and ResolveHandle;
// profile, rsvp and gathering telling docs' Event cache; the inbox asking
// notice to answer a late reply to a cancelled gathering, and myday a
// "my sessions", and offering network each activity first) is given a
// function by App.New, not an import
// (internal/server/layers_test.go checks it).
//
// A change that must reach other servers is written, together with the
// job that will deliver it, in one store transaction:
//
//	organiser → App method → store.InTx { rows; fed.Send → Tx.Enqueue(deliver) } → worker → fed.Deliver signs and POSTs
//
// An incoming activity is stored and its processing job enqueued in one
// transaction before the inbox answers 202; the worker then calls App:
//
//	POST /inbox → verify signature (fed) → inbox.Receive: store.InTx { raw activity; Enqueue(process) } → 202 → worker → inbox.ProcessInbox → routeOf → handler (→ rsvp.RSVP, followers, abuse)
//
// Who may do what is decided in package account: the web layer puts who a
// request acts for in its context, and each method that reads or changes
// a co-op account's things checks it before anything else:
//
//	request → Anonymous, or WithPrincipal(user, scope) → App method → acct.Authorize(co-op account, account.Read|Write) → …
//
// What can go wrong, as callers may tell it apart, is package apperr's
// vocabulary, re-exported in errors.go: the sentinels and typed errors App
// returns (wrapped), the store's among them, so that the web layer maps
// failures to statuses without knowing the store
// (internal/web/respond.Classify).
package app
