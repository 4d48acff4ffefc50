package fedtest

import (
	"fmt"
	"html"
	"strings"
	"time"

	"github.com/gather-coop/gather/federation"
)

// Visibility is how a post is addressed, as Mastodon offers it.
type Visibility int

// The four visibilities of a Mastodon post. Replies of every visibility are
// RSVPs.
const (
	// Public: to Public, cc the author's followers and the mentioned.
	Public Visibility = iota + 1
	// Unlisted: to the followers, cc Public and the mentioned.
	Unlisted
	// FollowersOnly: to the followers, cc the mentioned.
	FollowersOnly
	// Direct: to the mentioned only.
	Direct
)

// String returns the visibility's Mastodon name, e.g. "unlisted".
func (v Visibility) String() string {
	switch v {
	case Public:
		return "public"
	case Unlisted:
		return "unlisted"
	case FollowersOnly:
		return "private"
	case Direct:
		return "direct"
	}
	return fmt.Sprintf("Visibility(%d)", int(v))
}

// audience returns the to and cc of a post of the given visibility.
func (a *Actor) audience(vis Visibility, mentioned []string) (to, cc []string) {
	pub := federation.Public
	switch vis {
	case Unlisted:
		return []string{a.Followers}, append([]string{pub}, mentioned...)
	case FollowersOnly:
		return []string{a.Followers}, append([]string{}, mentioned...)
	case Direct:
		return append([]string{}, mentioned...), []string{}
	}
	return []string{pub}, append([]string{a.Followers}, mentioned...)
}

// Reply builds the Create{Note} a Mastodon user sends when answering
// inReplyTo (an Event's or a Note's id) with text, mentioning the actor
// mentionActorID whose handle is mentionHandle ("@events@coop.example"),
// addressed by vis. The content is HTML with Mastodon's h-card mention
// markup and entities ("I&#39;m going!"); the note carries a Mention tag.
// With mentionActorID "" there is no mention; with inReplyTo "" it is a
// new post, not a reply.
//
// A GoToSocial actor writes it as GoToSocial does: "to" as a plain string
// when there is one recipient, "tag" as a single object, apostrophes left
// as they are. The note and the Create are served at their ids.
func (a *Actor) Reply(inReplyTo, mentionActorID, mentionHandle, text string, vis Visibility) []byte {
	gts := a.server.flavor == GoToSocial
	activityID, noteID := a.newID(kindNote)
	var mentioned []string
	content, tags := hashtagsHTML(a.server.base, escapeText(text, gts))
	if mentionActorID != "" {
		mentioned = []string{mentionActorID}
		handle := "@" + strings.TrimPrefix(mentionHandle, "@")
		content = mentionHTML(mentionActorID, handle, gts) + " " + content
		tags = append(tags, map[string]string{"type": "Mention", "href": mentionActorID, "name": handle})
	}
	content = "<p>" + content + "</p>"
	to, cc := a.audience(vis, mentioned)
	published := a.published()
	note := map[string]any{
		"id":           noteID,
		"type":         "Note",
		"attributedTo": a.ID,
		"content":      content,
		"published":    published,
		"url":          noteID,
		"to":           a.addressees(to),
		"cc":           cc,
		"sensitive":    false,
		"summary":      nil,
		"tag":          tags,
	}
	if inReplyTo != "" {
		note["inReplyTo"] = inReplyTo
	}
	if gts {
		note["summary"] = ""
		note["contentMap"] = map[string]string{"en": content}
		note["attachment"] = []any{}
		if len(tags) == 1 {
			note["tag"] = tags[0]
		}
	}
	create := map[string]any{
		"@context":  a.context(true),
		"id":        activityID,
		"type":      "Create",
		"actor":     a.ID,
		"published": published,
		"to":        a.addressees(to),
		"cc":        cc,
		"object":    note,
	}
	return a.built(noteID, note, activityID, create)
}

// Mention builds a new post (not a reply: no inReplyTo) that mentions
// the actor mentionActorID, as Reply builds a reply.
func (a *Actor) Mention(mentionActorID, mentionHandle, text string, vis Visibility) []byte {
	return a.Reply("", mentionActorID, mentionHandle, text, vis)
}

// mentionHTML is the h-card link Mastodon and GoToSocial write for a
// mention.
func mentionHTML(href, handle string, gts bool) string {
	user, _, _ := strings.Cut(strings.TrimPrefix(handle, "@"), "@")
	attrs := `class="u-url mention"`
	span := `<span class="h-card" translate="no">`
	if gts {
		attrs += ` rel="nofollow noreferrer noopener" target="_blank"`
		span = `<span class="h-card">`
	}
	return span + `<a href="` + html.EscapeString(href) + `" ` + attrs + `>@<span>` +
		html.EscapeString(user) + `</span></a></span>`
}

// hashtagsHTML makes each #word of escaped text a hashtag link, as
// Mastodon and GoToSocial render one (<a class="mention hashtag"
// rel="tag">#<span>word</span></a>), and returns the Hashtag tags that go
// with them.
func hashtagsHTML(base, escaped string) (string, []any) {
	tags := []any{}
	words := strings.Split(escaped, " ")
	for i, w := range words {
		name := strings.TrimPrefix(w, "#")
		if name == w || name == "" || strings.ContainsAny(name, "&#;<>\"") {
			continue
		}
		href := base + "/tags/" + strings.ToLower(name)
		words[i] = `<a href="` + href + `" class="mention hashtag" rel="tag">#<span>` + name + `</span></a>`
		tags = append(tags, map[string]string{"type": "Hashtag", "href": href, "name": "#" + strings.ToLower(name)})
	}
	return strings.Join(words, " "), tags
}

// escapeText escapes text for HTML: Mastodon escapes quotes and apostrophes
// as numeric entities; GoToSocial only what it must.
func escapeText(text string, gts bool) string {
	if gts {
		return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(text)
	}
	return html.EscapeString(text)
}

// Vote builds the Create{Note} by which a Mastodon user votes in the poll
// questionID (a Question by questionAuthor) for option, or for each of
// options in a multiple-choice poll. Each vote is a Note with the option as
// its name, no content, inReplyTo the Question, addressed to its author.
// Several options go as a list of Notes in one Create, as GoToSocial sends
// them (Mastodon sends one Create per choice: call Vote once per option
// for that).
func (a *Actor) Vote(questionID, questionAuthor string, options ...string) []byte {
	var activityID string
	notes := make([]any, 0, len(options))
	for _, opt := range options {
		id, noteID := a.newID(kindVote)
		if activityID == "" {
			activityID = id
		}
		notes = append(notes, map[string]any{
			"id":           noteID,
			"type":         "Note",
			"name":         opt,
			"attributedTo": a.ID,
			"inReplyTo":    questionID,
			"to":           a.addressees([]string{questionAuthor}),
		})
	}
	if activityID == "" {
		activityID, _ = a.newID(kindVote)
	}
	var object any = notes
	if len(notes) == 1 {
		object = notes[0]
	}
	create := map[string]any{
		"@context":  a.context(false),
		"id":        activityID,
		"type":      "Create",
		"actor":     a.ID,
		"published": a.published(),
		"to":        a.addressees([]string{questionAuthor}),
		"object":    object,
	}
	return a.built("", nil, activityID, create)
}

// Join builds a Mobilizon-style Join of the event eventID, organised by the
// actor organizer: an RSVP "going".
func (a *Actor) Join(eventID, organizer string) []byte {
	return a.simple(kindJoin, "Join", eventID, []string{organizer}, []string{})
}

// Leave builds a Mobilizon-style Leave of the event eventID, organised by
// organizer: an RSVP withdrawn.
func (a *Actor) Leave(eventID, organizer string) []byte {
	return a.simple(kindLeave, "Leave", eventID, []string{organizer}, []string{})
}

// Like builds a Like (a favourite) of objectID, whose author is
// objectAuthor.
func (a *Actor) Like(objectID, objectAuthor string) []byte {
	return a.simple(kindLike, "Like", objectID, []string{objectAuthor}, []string{})
}

// Announce builds an Announce (a boost) of objectID, whose author is
// objectAuthor, addressed publicly as Mastodon does (GoToSocial: to the
// followers, cc the author and Public).
func (a *Actor) Announce(objectID, objectAuthor string) []byte {
	to := []string{federation.Public}
	cc := []string{objectAuthor, a.Followers}
	if a.server.flavor == GoToSocial {
		to, cc = []string{a.Followers}, []string{objectAuthor, federation.Public}
	}
	return a.simple(kindAnnounce, "Announce", objectID, to, cc)
}

// Flag builds a report of objects (an account's id, then any of its
// posts') with comment, as Mastodon sends one when a moderator forwards a
// report to the reported account's server: no addressees, the objects as
// a list of bare ids, the comment as plain text. (Mastodon sends it from
// its instance actor; any actor of this server signs alike.)
func (a *Actor) Flag(comment string, objects ...string) []byte {
	id, _ := a.newID(kindFlag)
	doc := map[string]any{
		"@context": federation.ActivityStreamsNS,
		"id":       id,
		"type":     "Flag",
		"actor":    a.ID,
		"content":  comment,
		"object":   objects,
	}
	return a.built("", nil, id, doc)
}

// simple builds an activity whose object is an IRI.
func (a *Actor) simple(kind, typ, object string, to, cc []string) []byte {
	id, _ := a.newID(kind)
	doc := map[string]any{
		"@context":  a.context(false),
		"id":        id,
		"type":      typ,
		"actor":     a.ID,
		"object":    object,
		"published": a.published(),
		"to":        a.addressees(to),
		"cc":        cc,
	}
	return a.built("", nil, id, doc)
}

// built encodes an activity (and the object it creates, if any), serves
// both at their ids, and returns the activity's JSON.
func (a *Actor) built(objectID string, object map[string]any, activityID string, activity map[string]any) []byte {
	if object != nil {
		withContext := map[string]any{"@context": activity["@context"]}
		for k, v := range object {
			withContext[k] = v
		}
		a.keep(objectID, mustJSON(withContext))
	}
	b := mustJSON(activity)
	a.keep(activityID, b)
	return b
}

// addressees writes a list of recipients: GoToSocial writes a single one as
// a plain string.
func (a *Actor) addressees(list []string) any {
	if a.server.flavor == GoToSocial && len(list) == 1 {
		return list[0]
	}
	return list
}

// context is the @context the flavour writes; status is set for posts,
// which carry more terms.
func (a *Actor) context(status bool) any {
	switch {
	case a.server.flavor == Mastodon && status:
		return []any{federation.ActivityStreamsNS, map[string]string{
			"ostatus":   "http://ostatus.org#",
			"sensitive": "as:sensitive",
			"toot":      "http://joinmastodon.org/ns#",
		}}
	case a.server.flavor == GoToSocial && status:
		return []any{"https://gotosocial.org/ns", federation.ActivityStreamsNS,
			map[string]string{"sensitive": "as:sensitive"}}
	}
	return federation.ActivityStreamsNS
}

func (a *Actor) published() string {
	return a.server.now().UTC().Truncate(time.Second).Format(time.RFC3339)
}
