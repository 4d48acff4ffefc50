package gathering

import "time"

// editTime is the time an edit is stamped with: now, to the second, but
// always after every earlier stamp given, so that each Update's "updated"
// is newer than the last (servers ignore an edit that is not).
func (gs *Service) editTime(earlier ...time.Time) time.Time {
	t := gs.now().UTC().Truncate(time.Second)
	for _, e := range earlier {
		if !t.After(e) {
			t = e.Truncate(time.Second).Add(time.Second)
		}
	}
	return t
}
