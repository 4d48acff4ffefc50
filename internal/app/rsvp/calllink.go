package rsvp

import (
	"context"

	"github.com/gather-coop/gather/internal/app/event"
)

// privateCallLink is what a confirmation to someone going adds when the
// event's call link is for those going only (event.CallLink): the
// sentence giving it, or "" when the link is public anyway or there is
// none. Only those going are told it: a maybe, a place on the waitlist
// or "not going" gets no link, nor does anyone blocked (by account or by
// domain: a domain blocked while its people waited in line takes back
// none of their answers, so a promotion checks again).
func (s *Service) privateCallLink(ctx context.Context, ev answerEvent, personURI string) (string, error) {
	if ev.series == nil {
		return "", nil
	}
	link, private := event.CallLink(s.urls, ev.gathering, ev.series)
	if !private {
		return "", nil
	}
	if blocked, err := s.PersonBlocked(ctx, personURI); err != nil || blocked {
		return "", err
	}
	return " Join the call: " + link + " (the link is for those going; please don't share it).", nil
}
