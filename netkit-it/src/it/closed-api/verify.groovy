// The build failed (invoker.properties); make sure it failed for the right reason: javac refused
// the import of a package that dev.netkit.core does not export, and nothing else went wrong first.
def log = new File(basedir, 'build.log').text
assert log.contains('COMPILATION ERROR') : 'the build did not fail in the compiler'
assert log.contains('package dev.netkit.internal is not visible') : 'javac did not refuse dev.netkit.internal'
assert log.contains('does not export it') : 'javac did not say that dev.netkit.core keeps dev.netkit.internal to itself'
return true
