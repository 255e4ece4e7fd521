/**
 * The indirect-injection model: logistic-regression weights over `FEATURES` (features.ts), trained by
 * `npm run train:rag` on the BIPIA training file (MIT; see ../shared/data/train) and the hand-written
 * augmentation in bench/data/rag-augment.json. Generated: do not edit.
 * The bias is shifted so that a document at the operating threshold scores 0.8.
 */
import type { LinearModel } from './train';

export const RAG_MODEL: LinearModel = {
  weights: [
    3.876153, // out_ref
    1.360786, // code_ref
    0.155367, // imperative
    2.397626, // question
    2.977813, // ai_named
    8.932315, // override
    3.319709, // audience
    2.201432, // format
    4.399447, // following
    2.212128, // link
    2.148096, // offtopic
    2.867576, // imperative_offtopic
    2.872997, // question_offtopic
    -0.060225, // imperative_ref
    2.950631, // following_ref
    1.092148, // respond
    4.143115, // exfil
    0.281220, // modal_you
    1.349318, // urgency
    -0.791366, // second_person
    3.376545, // ai_you
    3.024328, // instruction_noun
    0.567131, // format_ref
    -1.879089, // short
    2.388235, // novel
    2.772930, // task_request
    0.610677, // request_you
    8.431850, // addressed
    7.693789, // persona
    7.500275, // markup
    6.102020, // secrecy
    5.936923, // conditional_order
    -1.661796, // situational
    4.085139, // ai_obligation
  ],
  bias: -6.097036,
};
