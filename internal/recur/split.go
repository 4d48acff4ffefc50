package recur

import "fmt"

// SplitAt cuts a rule in two at day d, for a change to "this occurrence
// and the following": before keeps the occurrences before d, after starts
// at d with the same pattern (the same weeks or months in step, the same
// time) and keeps the rest, Count shared between them. d must be a date
// the rule gives, after its first start; the skipped dates go to the side
// they fall on.
func (r Rule) SplitAt(d Date) (before, after Rule, err error) {
	if err := r.Normalize(); err != nil {
		return Rule{}, Rule{}, fmt.Errorf("split rule: %w", err)
	}
	index := -1
	for i, got := range r.dates() {
		if got == d {
			index = i
			break
		}
		if got.After(d) {
			break
		}
	}
	if index < 0 {
		return Rule{}, Rule{}, fmt.Errorf("split rule at %s: not one of the rule's dates", d)
	}
	if index == 0 {
		return Rule{}, Rule{}, fmt.Errorf("split rule at %s: the first start, with nothing before it", d)
	}
	before, after = r, r
	before.Skip, after.Skip = nil, nil
	for _, s := range r.Skip {
		if s.Before(d) {
			before.Skip = append(before.Skip, s)
		} else {
			after.Skip = append(after.Skip, s)
		}
	}
	after.Start.Date = d
	if r.Count > 0 {
		before.Count, after.Count = index, r.Count-index
	} else {
		before.Until = d.AddDays(-1)
	}
	if err := before.Normalize(); err != nil {
		return Rule{}, Rule{}, fmt.Errorf("split rule at %s: before: %w", d, err)
	}
	if err := after.Normalize(); err != nil {
		return Rule{}, Rule{}, fmt.Errorf("split rule at %s: after: %w", d, err)
	}
	return before, after, nil
}
