package localurl

import "strconv"

// Series is a series' public page, which lists its occurrences.
func (u URLs) Series(id int64) string { return u.Base + "/series/" + strconv.FormatInt(id, 10) }
