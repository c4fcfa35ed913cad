#!/usr/bin/perl
# Scores every *.eml file in a folder with SpamAssassin in one process (the rules load once,
# which takes most of the time), with network tests, Bayes and auto-welcomelisting off, and
# prints one JSON line per file: {"file","score","required","rules":{"NAME":points,...}}.
# Used by lib/test/spamassassin.ts. Needs Debian's `spamassassin` package.
use strict;
use warnings;
use JSON::PP;
use Mail::SpamAssassin;

my ($dir, $state) = @ARGV;
die "usage: spam-score.pl FOLDER STATE_FOLDER\n" unless defined $dir && defined $state && -d $dir && -d $state;

my $sa = Mail::SpamAssassin->new({
  local_tests_only     => 1,
  dont_copy_prefs      => 1,
  userprefs_filename   => "$state/user_prefs",
  userstate_dir        => $state,
  home_dir_for_helpers => $state,
  post_config_text     => "use_bayes 0\nuse_auto_whitelist 0\nuse_auto_welcomelist 0\n",
});
$sa->init(1);

my $json = JSON::PP->new->canonical(1);
opendir(my $dh, $dir) or die "cannot open $dir: $!\n";
for my $name (sort grep { /\.eml$/ } readdir $dh) {
  open(my $fh, '<:raw', "$dir/$name") or die "cannot read $name: $!\n";
  my $raw = do { local $/; <$fh> };
  close $fh;
  my $mail = $sa->parse($raw);
  my $status = $sa->check($mail);
  my $rules = $status->get_names_of_tests_hit_with_scores_hash();
  print $json->encode({
    file     => $name,
    score    => $status->get_score() + 0,
    required => $status->get_required_score() + 0,
    rules    => { map { $_ => $rules->{$_} + 0 } keys %$rules },
  }), "\n";
  $status->finish();
  $mail->finish();
}
closedir $dh;
