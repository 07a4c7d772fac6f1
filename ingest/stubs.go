package ingest

import (
	"errors"
)

var errTODO = errors.New("format not implemented yet")

func readPajek(rn *run, lr *lineReader) error { return rn.fatal(0, "", errTODO) }
func readDL(rn *run, lr *lineReader) error    { return rn.fatal(0, "", errTODO) }
