import { timestampFromDate } from '@bufbuild/protobuf/wkt';

export const ts = (d: Date | undefined) => (d ? timestampFromDate(d) : undefined);
