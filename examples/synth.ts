// placeholder: the examples harness is being written
console.log('no examples yet');
