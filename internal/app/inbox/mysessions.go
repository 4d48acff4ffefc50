package inbox

import (
	"strings"
	"unicode"

	"context"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/intent"
	"github.com/gather-coop/gather/internal/app/rsvp"
	"github.com/gather-coop/gather/internal/store"
)

// receiveMySessions answers a reply to a gathering, one of its sessions
// or one of our notes about them that asks for one's sessions ("my
// sessions"): the answer is a direct note listing them, and the reply
// is neither an RSVP nor a comment. handled is false for any other
// reply. The answer and the processed mark commit together, so a retry
// does not answer twice.
func (s *Service) receiveMySessions(ctx context.Context, actorURI string, target rsvp.Target, note federation.NoteIn) (handled bool, err error) {
	if s.mySessions == nil || target.Poll || !asksMySessions(note.ContentHTML) {
		return false, nil
	}
	person, err := s.fed.RemoteActor(ctx, actorURI, false)
	if err != nil {
		return true, err
	}
	return true, s.InTxMarkingProcessed(ctx, func(tx store.Tx) error {
		return s.mySessions(ctx, tx, target.GatheringID, person, note.ID)
	})
}

// asksMySessions reports whether a reply asks for one's sessions: "my
// sessions", "my schedule", "my day", "what are my sessions?", give or
// take a greeting, a please or a thanks, and the mention of us. It must
// be the whole message, so that a comment that only mentions "my
// session" among other words stays a comment (or an answer).
func asksMySessions(contentHTML string) bool {
	words := strings.FieldsFunc(strings.ToLower(intent.PlainText(contentHTML)), func(r rune) bool {
		return !unicode.IsLetter(r) && r != '\'' && r != '’'
	})
	kept := words[:0]
	for _, w := range words {
		if !politeWords[w] {
			kept = append(kept, strings.ReplaceAll(w, "’", "'"))
		}
	}
	return mySessionsAsks[strings.Join(kept, " ")]
}

var politeWords = map[string]bool{"please": true, "pls": true, "thanks": true, "thank": true, "you": true,
	"hi": true, "hello": true, "hey": true, "again": true}

var mySessionsAsks = map[string]bool{
	"my sessions": true, "my session": true, "my schedule": true, "my day": true, "my timetable": true,
	"my programme": true, "my program": true, "my workshops": true,
	"what are my sessions": true, "which are my sessions": true, "what's my schedule": true, "what is my schedule": true,
	"send my sessions": true, "send me my sessions": true, "show my sessions": true, "list my sessions": true,
}
