-- fragment: partition
-- purpose:  keep the `pop` rows whose QID number is in a range: one part of a split query (included by a
-- purpose:  `-- partition: after FRAGMENT` header line, in twins without the population fragment)
-- param:    partition integer   range      only people whose QID number is in this range (a partition of a split query)
--@begin partition
  AND ($partition_from::BIGINT IS NULL OR pop.qid >= $partition_from)
  AND ($partition_to::BIGINT IS NULL OR pop.qid <= $partition_to)
--@end partition
